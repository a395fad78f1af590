using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using OrderOrleans.ServiceDefaults;
using OrderOrleans.Storage;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Host;

/// <summary>What each storage setting yields: a key in a connection string, or service URIs signed in with an identity.</summary>
public class StorageAccountTests
{
    private const string TableUri = "https://acct.table.core.windows.net/";
    private const string QueueUri = "https://acct.queue.core.windows.net/";

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public async Task A_connection_string_yields_clients_that_sign_with_its_key()
    {
        var azurite = await AzuriteServer.Shared;

        var account = StorageAccount.FromConfiguration(Settings(("ConnectionStrings:storage", azurite.ConnectionString)), isDevelopment: false);

        account.Credential.ShouldBeNull();
        account.Tables().AccountName.ShouldBe(AzuriteAccount.Name);
        var table = account.Tables().GetTableClient(TestNames.Prefix() + "Probe");
        (await table.CreateIfNotExistsAsync()).ShouldNotBeNull();
        await table.DeleteAsync();
        account.Queues().Uri.Port.ShouldBe(new Uri(azurite.ConnectionString.Split("QueueEndpoint=")[1].Split(';')[0]).Port);
    }

    [Fact]
    public void Service_uris_yield_clients_for_those_endpoints_signed_in_with_DefaultAzureCredential()
    {
        var account = StorageAccount.FromConfiguration(
            Settings(("Storage:TableServiceUri", TableUri), ("Storage:QueueServiceUri", QueueUri)), isDevelopment: false);

        account.Credential.ShouldBeOfType<DefaultAzureCredential>();
        account.Tables().Uri.ShouldBe(new Uri(TableUri));
        account.Tables().AccountName.ShouldBe("acct");
        account.Queues().Uri.ShouldBe(new Uri(QueueUri));
    }

    [Fact]
    public async Task Without_a_key_every_call_asks_the_credential_first_and_fails_clearly_when_there_is_none()
    {
        var account = StorageAccount.FromConfiguration(
            Settings(("Storage:TableServiceUri", "https://127.0.0.1:1/acct"), ("Storage:QueueServiceUri", "https://127.0.0.1:1/acct")),
            isDevelopment: false, () => new NoIdentity());

        var error = await Should.ThrowAsync<CredentialUnavailableException>(() => account.Tables().GetTableClient("Probe").CreateIfNotExistsAsync());

        error.Message.ShouldContain("no identity here");
    }

    [Theory]
    [InlineData("Storage:TableServiceUri", TableUri, "Storage:QueueServiceUri is not set")]
    [InlineData("Storage:QueueServiceUri", QueueUri, "Storage:TableServiceUri is not set")]
    [InlineData("Storage:TableServiceUri", "acct.table.core.windows.net", "must be an absolute https URI")]
    public void Half_set_or_malformed_service_uris_fail_at_startup_naming_the_setting(string key, string value, string expected)
    {
        var settings = key == "Storage:TableServiceUri" && !value.StartsWith("https", StringComparison.Ordinal)
            ? Settings((key, value), ("Storage:QueueServiceUri", QueueUri))
            : Settings((key, value));

        Should.Throw<InvalidOperationException>(() => StorageAccount.FromConfiguration(settings, isDevelopment: false)).Message.ShouldContain(expected);
    }

    [Fact]
    public void A_connection_string_and_service_uris_together_are_refused() =>
        Should.Throw<InvalidOperationException>(() => StorageAccount.FromConfiguration(
            Settings(("ConnectionStrings:storage", "UseDevelopmentStorage=true"), ("Storage:TableServiceUri", TableUri), ("Storage:QueueServiceUri", QueueUri)),
            isDevelopment: false)).Message.ShouldContain("set one");

    [Fact]
    public void Nothing_set_is_Azurite_in_Development_and_a_clear_error_elsewhere()
    {
        StorageAccount.FromConfiguration(Settings(), isDevelopment: true).Tables().AccountName.ShouldBe(AzuriteAccount.Name);

        var error = Should.Throw<InvalidOperationException>(() => StorageAccount.FromConfiguration(Settings(), isDevelopment: false));

        error.Message.ShouldContain("ConnectionStrings:storage");
        error.Message.ShouldContain("Storage:TableServiceUri");
    }

    [Fact]
    public async Task A_silo_given_service_uris_and_no_identity_fails_to_start_with_the_credential_error()
    {
        await using var silo = new SiloApp((await AzuriteServer.Shared).ConnectionString)
        {
            Settings =
            {
                ["ConnectionStrings:storage"] = "",
                ["Storage:TableServiceUri"] = "https://127.0.0.1:1/acct",
                ["Storage:QueueServiceUri"] = "https://127.0.0.1:1/acct",
            },
        };

        var error = Should.Throw<Exception>(() => silo.CreateClient());

        Chain(error).ShouldContain(e => e is AuthenticationFailedException || e is CredentialUnavailableException,
            string.Join(" <- ", Chain(error).Select(e => $"{e.GetType().Name}: {e.Message}")));
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>A machine with no identity, as a developer's laptop without az login or a VM without managed identity.</summary>
    private sealed class NoIdentity : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new CredentialUnavailableException("no identity here");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new CredentialUnavailableException("no identity here");
    }
}
