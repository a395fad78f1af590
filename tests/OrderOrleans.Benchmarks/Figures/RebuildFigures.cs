using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using OrderOrleans.Grains;
using OrderOrleans.Domain;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Benchmarks.Figures;

/// <summary>
/// Figure 4: a full rebuild of the order list over the log (orders of 10 events written straight to it: 100,000 events
/// in the full profile, 20,000 in the quick one, because seeding Azurite slows down as its table grows), as events per
/// second against reading the same rows raw with Azure.Data.Tables: the whole-table scan a rebuild cannot beat,
/// measured before and after the rebuild and averaged.
/// </summary>
public static class RebuildFigures
{
    private const int EventsPerOrder = 10;

    public static async Task RunAsync(BenchHost host, TableServiceClient tables, Profile profile, List<Figure> figures)
    {
        var orders = profile == Profile.Full ? 10_000 : 2_000;
        var names = new StorageNames(host.TablePrefix);
        await SeedAsync(new OrderEventLog(tables, names), orders);
        var events = tables.GetTableClient(names.Events);

        // The first rebuild also pays for the JIT and the shards' activations, which a running service has behind it.
        await RebuildAsync(host.Http);
        var rawBefore = await RawScanAsync(events);
        var (rebuilt, elapsed) = await RebuildAsync(host.Http);
        var rawAfter = await RawScanAsync(events);
        var rawPerSecond = (rawBefore + rawAfter) / 2;
        figures.Add(Figure.AtLeast($"rebuild of {rebuilt:N0} events (baseline: raw scan of the same rows)", rebuilt / elapsed.TotalSeconds,
            "events/s", rawPerSecond, 0.5));
        Console.WriteLine($"rebuild: {rebuilt} events in {elapsed.TotalSeconds:F1} s; raw scan {rawBefore:F0} and {rawAfter:F0} events/s");
    }

    private static async Task SeedAsync(OrderEventLog log, int orders)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, orders), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, ct) =>
        {
            var orderId = $"rebuild-{n:D5}";
            var metadata = new EventMetadata(DateTimeOffset.UtcNow, $"seed-{n}", "seed", $"seed-{n}", "bench");
            var batch = new EventEnvelope[EventsPerOrder];
            batch[0] = new EventEnvelope(orderId, 1, new OrderCreated($"c-{n % 500}", "USD", null), metadata);
            for (var v = 2; v < EventsPerOrder; v++)
            {
                batch[v - 1] = new EventEnvelope(orderId, v, new ItemAdded($"SKU-{v}", "Widget", 1, 5m), metadata);
            }
            batch[^1] = new EventEnvelope(orderId, EventsPerOrder, new OrderPlaced(5m * (EventsPerOrder - 2)), metadata);
            await log.AppendAsync(batch, cancellationToken: ct);
        });
    }

    /// <summary>Every event row of the table, read and materialised as plain entities; events per second.</summary>
    private static async Task<double> RawScanAsync(TableClient events)
    {
        var clock = Stopwatch.StartNew();
        var rows = 0L;
        await foreach (var _ in events.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1000))
        {
            rows++;
        }
        return rows / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Starts a rebuild through the API and follows its progress until it completes.</summary>
    private static async Task<(long Events, TimeSpan Elapsed)> RebuildAsync(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        using (var started = await http.PostAsync("/api/projections/order-list/rebuild", null))
        {
            if (started.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"Rebuild refused: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}");
            }
        }
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            var rebuild = JsonNode.Parse(await http.GetStringAsync("/api/projections/order-list"))!["rebuild"];
            if (rebuild?["error"]?.GetValue<string>() is { } error)
            {
                throw new InvalidOperationException($"Rebuild failed: {error}");
            }
            if (rebuild?["completedAt"] is not null)
            {
                return (rebuild["eventsRead"]!.GetValue<long>(), clock.Elapsed);
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("The rebuild did not complete within 5 minutes.");
    }
}
