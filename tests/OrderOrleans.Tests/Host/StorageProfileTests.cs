using Microsoft.Extensions.Configuration;
using OrderOrleans.Grains;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Host;

/// <summary>Storage:Profile picks the defaults for the storage in use; settings given explicitly win; wrong ones stop the silo.</summary>
public sealed class StorageProfileTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void The_profile_follows_the_account_unless_it_is_set()
    {
        StorageProfiles.Of(Config(), isEmulator: true).ShouldBe(StorageProfile.Emulator);
        StorageProfiles.Of(Config(), isEmulator: false).ShouldBe(StorageProfile.Azure);
        StorageProfiles.Of(Config(("Storage:Profile", "azure")), isEmulator: true).ShouldBe(StorageProfile.Azure);
        Should.Throw<InvalidOperationException>(() => StorageProfiles.Of(Config(("Storage:Profile", "Cosmos")), isEmulator: true))
            .Message.ShouldContain("Storage:Profile must be Emulator or Azure");
    }

    [Fact]
    public void Azure_spreads_the_views_wider_and_lets_every_store_run_and_explicit_settings_win()
    {
        var emulator = StorageProfiles.Defaults(StorageProfile.Emulator).Projections;
        (emulator.Shards, emulator.TallyStoresAtOnce, emulator.VerifyShardsAtOnce).ShouldBe((4, 2, 4));
        var azure = StorageProfiles.Defaults(StorageProfile.Azure);
        (azure.Projections.Shards, azure.Projections.TallyStoresAtOnce, azure.Projections.VerifyShardsAtOnce).ShouldBe((16, 0, 16));
        Config(("OrderOrleans:Projections:Shards", "8")).GetSection(OrderOrleansOptions.Section).Bind(azure);
        (azure.Projections.Shards, azure.Projections.TallyStoresAtOnce).ShouldBe((8, 0));
    }

    [Fact]
    public async Task A_silo_with_a_wrong_setting_does_not_start_and_names_the_key()
    {
        await using var silo = new SiloApp((await AzuriteServer.Shared).ConnectionString)
        {
            Settings = { ["OrderOrleans:Projections:Shards"] = "0", ["OrderOrleans:CommandTimeout"] = "-00:00:01" },
        };
        var error = Should.Throw<Exception>(() => silo.CreateClient());
        error.ToString().ShouldContain("OrderOrleans:Projections:Shards must be between 1 and 100");
        error.ToString().ShouldContain("OrderOrleans:CommandTimeout must be positive");
    }
}
