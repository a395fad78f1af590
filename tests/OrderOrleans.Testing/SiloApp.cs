using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace OrderOrleans.Testing;

/// <summary>
/// The real Silo host (silo + HTTP API) in process, on an Azurite of the test's choosing, with its own table
/// prefix, cluster id and Orleans ports, so several can run side by side.
/// </summary>
public sealed class SiloApp(
    string storageConnectionString, string? tablePrefix = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public string TablePrefix { get; } = tablePrefix ?? TestNames.Prefix();

    /// <summary>The silo's Orleans gateway, for clients such as the dashboard.</summary>
    public int GatewayPort { get; } = FreePorts.Next();

    /// <summary>The key every test client sends unless it says otherwise: all scopes, named "test".</summary>
    public const string TestKey = "test-key";

    /// <summary>Keys with one scope each, for authorization tests.</summary>
    public const string ReaderKey = "reader-key";
    public const string WriterKey = "writer-key";

    private static readonly (string Name, string Key, string[] Scopes)[] s_keys =
    [
        ("test", TestKey, ["orders:read", "orders:write", "admin"]),
        ("reader", ReaderKey, ["orders:read"]),
        ("writer", WriterKey, ["orders:write"]),
    ];

    /// <summary>The host's environment: Testing (production-like settings) unless a test asks for Development.</summary>
    public string Environment { get; init; } = "Testing";

    /// <summary>Further configuration, applied last (e.g. <c>OrderOrleans:Delivery:LagDegradedAfter</c>).</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    /// <summary>Requests a second per key; high, so that only the rate-limit test meets the limit.</summary>
    public int PermitsPerSecond { get; init; } = 100_000;

    /// <summary>A client that sends <paramref name="apiKey"/> (none when null) instead of the all-scopes test key.</summary>
    public HttpClient ClientWithKey(string? apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-Api-Key", TestKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        for (var i = 0; i < s_keys.Length; i++)
        {
            var (name, key, scopes) = s_keys[i];
            builder.UseSetting($"ApiKeys:{i}:Name", name);
            builder.UseSetting($"ApiKeys:{i}:KeyHash", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))));
            for (var j = 0; j < scopes.Length; j++)
            {
                builder.UseSetting($"ApiKeys:{i}:Scopes:{j}", scopes[j]);
            }
        }
        builder.UseSetting("RateLimit:PermitsPerSecond", PermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimit:Burst", PermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureServices(s => services?.Invoke(s));
        builder.UseSetting("OrderOrleans:Projections:RetryDelay", "00:00:00.010");
        builder.UseEnvironment(Environment);
        builder.UseSetting("ConnectionStrings:storage", storageConnectionString);
        builder.UseSetting("OrderOrleans:TablePrefix", TablePrefix);
        builder.UseSetting("Orleans:ClusterId", TablePrefix);
        builder.UseSetting("Orleans:Endpoints:SiloPort", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:Endpoints:GatewayPort", GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>One silo per test class on the shared Azurite.</summary>
public sealed class SharedSilo : IAsyncLifetime
{
    public SiloApp App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = (await AzuriteServer.Shared).ConnectionString;
        App = new SiloApp(ConnectionString);
        // Real Kestrel on a free port rather than the in-memory TestServer: streaming (Server-Sent Events) behaves
        // as it does for clients, and the dashboard's browser tests can reach the same kind of host.
        App.UseKestrel(0);
        App.StartServer();
        Client = App.CreateClient();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
