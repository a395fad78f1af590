using System.Diagnostics;
using Azure;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrderOrleans.Storage;
using OrderOrleans.Grains;
using OrderOrleans.Testing;

namespace OrderOrleans.Benchmarks;

/// <summary>
/// The real Silo host (silo + HTTP API on Kestrel, 127.0.0.1, a free port) on the benchmark's Azurite, with an HTTP
/// client as an integration would use it and the cluster's grain factory for commands without HTTP.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly SiloApp _app;
    private readonly QueueClient[] _streamQueues;

    private BenchHost(SiloApp app, HttpClient http, QueueServiceClient queues, int streamQueues)
    {
        _app = app;
        Http = http;
        var prefix = app.TablePrefix.ToLowerInvariant();
        _streamQueues = [.. Enumerable.Range(0, streamQueues).Select(i => queues.GetQueueClient($"{prefix}orders-{i}"))];
    }

    public HttpClient Http { get; }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _app.Services;

    public string TablePrefix => _app.TablePrefix;

    /// <summary>The Azurite port the stream's queues are on.</summary>
    public int QueuePort => _streamQueues[0].Uri.Port;

    /// <param name="settings">Configuration over the silo's own (<c>OrderOrleans:...</c> keys), for profiles that need it.</param>
    public static BenchHost Start(string storageConnectionString, Dictionary<string, string>? settings = null)
    {
        var app = new SiloApp(storageConnectionString) { Settings = settings ?? [] };
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", SiloApp.TestKey);
        var options = app.Services.GetRequiredService<IConfiguration>().GetSection(OrderOrleansOptions.Section).Get<OrderOrleansOptions>();
        return new BenchHost(app, http, StorageAccount.FromConnectionString(storageConnectionString).Queues(), (options ?? new OrderOrleansOptions()).StreamQueues);
    }

    /// <summary>
    /// Waits until the stream's queues are empty, so that each figure starts on a quiet system rather than paying for
    /// the previous one's backlog. Bounded: a backlog that does not drain in two minutes fails the run.
    /// </summary>
    public async Task DrainAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var waiting = 0;
            foreach (var queue in _streamQueues)
            {
                try
                {
                    waiting += (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
                }
                catch (Exception ex) when (ex is RequestFailedException or AggregateException or OperationCanceledException)
                {
                    waiting++; // an overloaded emulator answers late; ask again
                }
            }
            if (waiting == 0)
            {
                Console.WriteLine($"stream queues drained in {clock.Elapsed.TotalSeconds:F1} s");
                return;
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"{waiting} stream messages still queued after two minutes.");
            }
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
