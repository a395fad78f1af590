using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OrderOrleans.Tests.Infrastructure;

namespace OrderOrleans.Benchmarks;

/// <summary>
/// The real Silo host (silo + HTTP API on Kestrel, 127.0.0.1, a free port) on the benchmark's Azurite, with an HTTP
/// client as an integration would use it and the cluster's grain factory for commands without HTTP.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly SiloApp _app;

    private BenchHost(SiloApp app, HttpClient http)
    {
        _app = app;
        Http = http;
    }

    public HttpClient Http { get; }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public string TablePrefix => _app.TablePrefix;

    public static BenchHost Start(string storageConnectionString)
    {
        var app = new SiloApp(storageConnectionString);
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", SiloApp.TestKey);
        return new BenchHost(app, http);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
