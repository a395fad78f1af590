using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderOrleans.Storage;
using OrderOrleans.Benchmarks.Load;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Grains.Projections;
using OrderOrleans.Testing;
using Orleans.Streams;

namespace OrderOrleans.Benchmarks.Figures;

/// <summary>
/// The scale profile (<c>./scripts/bench.sh --scale [--orders 10000,100000]</c>): orders are seeded fast (each order's
/// events in one transaction straight into the log, its change sent into its shard's stream in messages of many
/// orders, as the publisher would), then every read query is asked 200 times in a row at each size, in the same run.
/// Goals: p50 at the largest size at most 1.5 times p50 at the smallest, p99 under 10 ms, and the silo's memory per
/// order added (after a full collection) near zero: nothing on the read side holds orders beyond its bounded caches.
/// </summary>
public static class ScaleFigures
{
    private const int Asked = 200;
    private const int Customers = 5_000;
    private const int Products = 200;
    private const int ChangesPerMessage = 20;

    /// <summary>
    /// The read side's caches are bounded (checkpoints and customers' tallies per shard), so the heap grows until they are
    /// full: this size (the default is 4,096) fills them before the smallest size is measured, so the heap figure is the
    /// growth beyond the configured caches, which should be none. Queries do not read these caches; only changes to
    /// orders the shard no longer holds cost a point read, and the seeder changes each order once.
    /// </summary>
    private const int CachedOrdersPerShard = 256;

    /// <summary>Azurite's Table service held 3.1 GB at 200,000 orders (the log and four projections' rows): room for that and more.</summary>
    private const int AzuriteMiBPer1000Orders = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = Sizes(args);
        Environment.CurrentDirectory = AppContext.BaseDirectory;
        await using var azurite = await AzuriteServer.StartAsync(tableHeapMiB: Math.Max(4_096, sizes[^1] / 1_000 * AzuriteMiBPer1000Orders));
        await using var host = BenchHost.Start(azurite.ConnectionString,
            new() { ["OrderOrleans:Projections:CachedOrdersPerShard"] = CachedOrdersPerShard.ToString(CultureInfo.InvariantCulture) });
        var log = new OrderEventLog(StorageAccount.FromConnectionString(azurite.ConnectionString).Tables(), new StorageNames(host.TablePrefix));
        var streams = host.Services.GetRequiredKeyedService<IStreamProvider>(OrderStreams.Provider);
        var shards = host.Services.GetRequiredService<IOptions<ProjectionOptions>>().Value.Shards;
        var stages = new List<(int Orders, Dictionary<string, Latencies> Queries, long Memory)>();
        var seeded = 0;
        var events = 0L;
        foreach (var size in sizes)
        {
            var clock = Stopwatch.StartNew();
            events += await SeedAsync(log, streams, shards, seeded, size);
            seeded = size;
            await Eventually(host.Http, size);
            // The seeder sends past the publisher, so the views take the backlog as fast as it comes and may still be
            // storing it after the list is complete: measure a quiet system, once every view has taken every event.
            await host.DrainAsync();
            await AllStored(host.Grains, events);
            Console.WriteLine($"scale: {size:N0} orders seeded and projected in {clock.Elapsed.TotalSeconds:F0} s");
            var queries = await MeasureAsync(host.Http, size);
            var memory = Memory();
            stages.Add((size, queries, memory));
            Console.WriteLine($"scale: {size:N0} orders: " + string.Join("; ", queries.Select(q => $"{q.Key} p50 {q.Value[50]:F2} p99 {q.Value[99]:F2}")) +
                $"; silo heap {memory / 1048576.0:F0} MiB");
        }
        var verify = await VerifyAsync(host);
        var (first, last) = (stages[0], stages[^1]);
        var figures = new List<Figure>();
        foreach (var (name, latencies) in last.Queries)
        {
            figures.Add(Figure.AtMost($"{name} p50 at {last.Orders:N0} orders (baseline: at {first.Orders:N0})", latencies[50], "ms", first.Queries[name][50], 1.5));
            figures.Add(Figure.Below($"{name} p99 at {last.Orders:N0} orders", latencies[99], "ms", first.Queries[name][99], 10));
        }
        figures.Add(Figure.Below($"silo heap growth per order, {first.Orders:N0} to {last.Orders:N0} (caches hold {shards * CachedOrdersPerShard:N0} orders per projection)",
            Math.Max(0, last.Memory - first.Memory) / (double)(last.Orders - first.Orders), "bytes", 0, 100));
        figures.Add(verify is null
            ? Figure.Below("verify: no answer (the call's 10 minutes passed, or storage did not answer)", 1, "differences", 0, 1)
            : Figure.Below($"verify: differences over {verify.CheckedOrders:N0} orders", verify.Differences.Count, "differences", 0, 1));
        await Report.WriteAsync(figures, new Profile("scale", 1, TimeSpan.Zero, TimeSpan.Zero), "scale-latest");
        return 0;
    }

    /// <summary>
    /// As GET /api/admin/verify does, but without the HTTP client's timeout: at scale the fold takes minutes on Azurite.
    /// Null when it does not answer within the call's own timeout, so the figures measured before it are still written.
    /// </summary>
    private static async Task<VerificationReport?> VerifyAsync(BenchHost host)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var report = await host.Grains.GetGrain<IProjectionGrain>(ProjectionNames.OrderList).Verify(repair: false);
            Console.WriteLine($"scale: verify folded {report.CheckedOrders:N0} orders in {clock.Elapsed.TotalSeconds:F0} s");
            return report;
        }
        catch (Exception ex) when (ex is TimeoutException or EventStoreUnavailableException)
        {
            Console.WriteLine($"scale: verify gave no answer in {clock.Elapsed.TotalSeconds:F0} s: {ex.Message}");
            return null;
        }
    }

    /// <summary>The sizes to measure at, smallest first: <c>--orders 10000,100000,200000</c>; by default 10,000 and 100,000.</summary>
    private static int[] Sizes(string[] args)
    {
        var at = Array.IndexOf(args, "--orders");
        var sizes = at >= 0 && at + 1 < args.Length
            ? [.. args[at + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]
            : new[] { 10_000, 100_000 };
        return [.. sizes.Order()];
    }

    /// <summary>Orders <paramref name="from"/> to <paramref name="to"/>: written to the log, their changes sent to their shards' streams; how many events.</summary>
    private static async Task<long> SeedAsync(OrderEventLog log, IStreamProvider streams, int shards, int from, int to)
    {
        var changes = new List<OrderChange>[shards];
        for (var s = 0; s < shards; s++)
        {
            changes[s] = [];
        }
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, ct) =>
        {
            var history = History(n);
            await log.AppendAsync(history, cancellationToken: ct);
            var state = new OrderState();
            foreach (var envelope in history)
            {
                state.Apply(envelope);
            }
            var shard = ShardMap.ShardOf(history[0].OrderId, shards);
            lock (changes[shard])
            {
                changes[shard].Add(OrderSummaries.ChangeOf(state, history));
            }
        });
        await Parallel.ForEachAsync(Enumerable.Range(0, shards), async (shard, _) =>
        {
            var stream = streams.GetStream<ProjectionBatch>(StreamId.Create(OrderStreams.Namespace, shard));
            foreach (var chunk in changes[shard].Chunk(ChangesPerMessage))
            {
                await stream.OnNextAsync(new ProjectionBatch(null, 0, chunk));
            }
        });
        return changes.Sum(shard => shard.Sum(change => (long)change.Events.Count));
    }

    /// <summary>Waits until every projection has taken <paramref name="events"/> events, stored or found repeated (bounded: 30 minutes).</summary>
    private static async Task AllStored(IGrainFactory grains, long events)
    {
        var clock = Stopwatch.StartNew();
        foreach (var projection in ProjectionNames.All)
        {
            await Testing.Eventually.Until(() => grains.GetGrain<IProjectionGrain>(projection).GetInfo(),
                info => info.Lag.EventsApplied + info.Lag.Duplicates >= events, TimeSpan.FromMinutes(30));
        }
        Console.WriteLine($"scale: every view took all {events:N0} events after {clock.Elapsed.TotalSeconds:F0} s more");
    }

    /// <summary>
    /// Order n's events: created within the last 69 days for one of 5,000 customers, one or two lines, then left in its
    /// cart, paid (two in six), shipped, delivered or cancelled. None is left placed and unpaid: each would arm a payment
    /// deadline, and a burst of thousands of reminders measures the reminder table, not the read side.
    /// </summary>
    private static EventEnvelope[] History(int n)
    {
        var id = OrderId(n);
        // Every size spreads its orders over the same 69 days (7,919 is prime to 100,000, so the first ten thousand cover
        // the window as the last do): analytics reads a row per day and currency, a cost of the days of history asked,
        // which this profile keeps apart from the number of orders.
        var at = DateTimeOffset.UtcNow.AddMinutes(-(n * 7_919L % 100_000));
        var events = new List<IOrderEvent>
        {
            new OrderCreated($"c-{n % Customers:D4}", "USD", null),
            new ItemAdded($"SKU-{n % Products:D3}", "Widget", 1 + n % 3, 5m),
        };
        if (n % 2 == 0)
        {
            events.Add(new ItemAdded($"SKU-{(n / 7) % Products:D3}", "Gadget", 1, 7m));
        }
        var total = 5m * (1 + n % 3) + (n % 2 == 0 ? 7m : 0m);
        var stage = n % 6;
        if (stage >= 1)
        {
            events.Add(stage == 5 ? new OrderCancelled("changed mind") : new OrderPlaced(total));
        }
        if (stage is 1 or 2 or 3 or 4)
        {
            events.Add(new PaymentRecorded(total, "card", null));
        }
        if (stage is 3 or 4)
        {
            events.Add(new OrderShipped("UPS", "1Z", at));
        }
        if (stage == 4)
        {
            events.Add(new OrderDelivered("Pat", at));
        }
        return [.. events.Select((e, v) => new EventEnvelope(id, v + 1, e, new EventMetadata(at.AddSeconds(v), $"seed-{n}", "seed", $"seed-{n}", "bench")))];
    }

    /// <summary>Order n's id, spread over the key space as generated ids are (the log's scans read it by key range).</summary>
    private static string OrderId(int n) => OrderKeys.OrderIdFrom(SHA256.HashData(Encoding.UTF8.GetBytes($"scale-{n}")));

    /// <summary>Waits until the list and the analytics count every order and the measured customer has all of theirs (bounded: 30 minutes).</summary>
    private static async Task Eventually(HttpClient http, int orders)
    {
        var clock = Stopwatch.StartNew();
        var customerOrders = (orders - 1 - 42) / Customers + 1;
        async Task<int> Count(string url, string field)
        {
            using var response = await http.GetAsync(url);
            return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync())![field]!.GetValue<int>() : 0;
        }
        while (await Count("/api/orders?pageSize=1", "totalCount") < orders || await Count("/api/analytics/summary", "totalOrders") < orders ||
            await Count("/api/customers/c-0042", "orderCount") < customerOrders)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(30))
            {
                throw new TimeoutException($"The list did not reach {orders} orders in 30 minutes.");
            }
            await Task.Delay(500);
        }
    }

    /// <summary>Each read query asked 200 times in a row (after one unmeasured ask); milliseconds.</summary>
    private static async Task<Dictionary<string, Latencies>> MeasureAsync(HttpClient http, int orders)
    {
        var queries = new Dictionary<string, string>
        {
            ["GET /api/orders (page 1 of 20)"] = "/api/orders?pageSize=20",
            ["GET /api/orders?status=Paid (page 1 of 20)"] = "/api/orders?status=Paid&pageSize=20",
            ["GET /api/orders?customerId="] = "/api/orders?customerId=c-0042",
            ["GET /api/customers/{id}"] = "/api/customers/c-0042",
            ["GET /api/products/{id}"] = "/api/products/SKU-042",
            ["GET /api/products?sort=units"] = "/api/products?sort=units&top=10",
            ["GET /api/analytics/summary"] = "/api/analytics/summary",
            ["GET /api/orders/{id}"] = $"/api/orders/{OrderId(orders / 2)}",
        };
        var measured = new Dictionary<string, Latencies>();
        foreach (var (name, url) in queries)
        {
            await Get(http, url);
            var times = new double[Asked];
            for (var i = 0; i < Asked; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await Get(http, url);
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            measured[name] = new Latencies(times);
        }
        return measured;
    }

    private static async Task Get(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        await response.Content.ReadAsByteArrayAsync();
    }

    private static long Memory()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
