using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using OrderOrleans.Benchmarks;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Grains;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Grains.Orders;
using OrderOrleans.Tests.Infrastructure;

// Every figure is a ratio against a baseline measured in this same run on this same Azurite: these machines are
// noisy, so absolute numbers are printed for context only. `--full` measures longer.
var full = args.Contains("--full");
var scale = full ? 5 : 1;
await using var azurite = await AzuriteServer.StartAsync();
var prefix = TestNames.Prefix();
var tables = StorageClients.Tables(azurite.ConnectionString);
var eventLog = new OrderEventLog(tables, Options.Create(new EventLogOptions { TablePrefix = prefix }));
var snapshots = new SnapshotStore(tables, Options.Create(new EventLogOptions { TablePrefix = prefix }));
await eventLog.CreateTablesAsync(CancellationToken.None);
await snapshots.CreateTablesAsync(CancellationToken.None);
var figures = new List<Figure>();

// 1. Folding: OrderState.Apply in memory, events per second on one core.
{
    var envelopes = Enumerable.Range(1, 10_000).Select(v => new EventEnvelope("fold", v,
        v == 1 ? new OrderCreated("C", "USD", null) : new ItemAdded($"P{v % 40}", "x", 1, 1m),
        new EventMetadata(DateTimeOffset.UtcNow, "c", "c", "c", "u"))).ToArray();
    var folded = 0L;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromSeconds(2 * scale))
    {
        var state = new OrderState();
        foreach (var e in envelopes)
        {
            state.Apply(e);
        }
        folded += envelopes.Length;
    }
    var rate = folded / clock.Elapsed.TotalSeconds;
    figures.Add(Figure.Absolute("fold: OrderState.Apply", rate, "events/s", ">= 200000 events/s", rate >= 200_000));
}

// 2. Time travel: the state at version N of a 10,000-event order, with snapshots every 50 versus folding every event.
{
    const string orderId = "long-order";
    var state = new OrderState();
    for (var version = 1; version <= 10_000; version += EventLogLimits.MaxEventsPerAppend)
    {
        var batch = Enumerable.Range(version, Math.Min(EventLogLimits.MaxEventsPerAppend, 10_001 - version)).Select(v => new EventEnvelope(orderId, v,
            v == 1 ? new OrderCreated("C", "USD", null) : new ItemAdded($"P{v % 40}", "x", 1, 1m),
            new EventMetadata(DateTimeOffset.UtcNow, $"cmd-{version}", "c", $"cmd-{version}", "u"))).ToArray();
        await eventLog.AppendAsync(batch);
        foreach (var e in batch)
        {
            state.Apply(e);
            if (e.Version % 50 == 0)
            {
                await snapshots.SaveAsync(state);
            }
        }
    }
    var history = new OrderHistoryReader(eventLog, snapshots);
    async Task<double> Mean(bool useSnapshots)
    {
        var runs = 5 * scale;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            await history.FoldAsync(orderId, 9_990, useSnapshots: useSnapshots);
        }
        return clock.Elapsed.TotalMilliseconds / runs;
    }
    await Mean(true);
    var without = await Mean(false);
    var with = await Mean(true);
    figures.Add(Figure.AtMost("time travel: state at v9990 of 10,000 events, snapshots vs none", with, "ms", without, 0.02));
}

// 3. Commands straight to the grains versus raw single-entity inserts, at concurrency 1, 8 and 32.
{
    var builder = new InProcessTestClusterBuilder(1);
    builder.ConfigureSilo((_, silo) => silo.AddOrderOrleans(azurite.ConnectionString, new OrderOrleansOptions { TablePrefix = prefix }));
    await using var cluster = builder.Build();
    await cluster.DeployAsync();
    var raw = tables.GetTableClient(prefix + "RawInserts");
    await raw.CreateIfNotExistsAsync();
    foreach (var concurrency in new[] { 1, 8, 32 })
    {
        var perWorker = 60 * scale / (concurrency == 1 ? 1 : 2);
        async Task<(double PerSecond, double P50, double P99)> Run(Func<int, int, Task> operation)
        {
            var latencies = new List<double>();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
            {
                for (var i = 0; i < perWorker; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await operation(worker, i);
                    lock (latencies)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
            }));
            latencies.Sort();
            return (latencies.Count / clock.Elapsed.TotalSeconds, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)]);
        }
        var rawRun = await Run((w, i) => raw.AddEntityAsync(new TableEntity($"w{concurrency}-{w}", $"{i:D6}") { ["Data"] = "{\"productId\":\"P\",\"quantity\":1}" }));
        var run = Guid.NewGuid().ToString("N")[..8];
        var commandRun = await Run(async (w, i) =>
        {
            var order = cluster.Client.GetGrain<IOrderGrain>($"bench-{run}-{w}-{i / 40}");
            OrderCommand command = i % 40 == 0
                ? new CreateOrder("C", "USD", null, []) { Context = CommandContext.New() }
                : new AddItem(new OrderLine($"P{i % 40}", null, 1, 1m)) { Context = CommandContext.New() };
            (await order.Execute(command)).Error.ShouldBeNull();
        });
        figures.Add(Figure.AtLeast($"commands to grains, concurrency {concurrency}", commandRun.PerSecond, "commands/s", rawRun.PerSecond, 0.6));
        figures.Add(Figure.AtMost($"command latency p50, concurrency {concurrency} (goal: raw + 2 ms)", commandRun.P50, "ms", rawRun.P50, (rawRun.P50 + 2) / rawRun.P50));
        figures.Add(Figure.AtMost($"command latency p99, concurrency {concurrency}", commandRun.P99, "ms", rawRun.P99, 2));
    }
}

Console.WriteLine();
Console.WriteLine($"| figure | value | unit | baseline | ratio | goal | met |");
Console.WriteLine($"|---|---|---|---|---|---|---|");
foreach (var f in figures)
{
    Console.WriteLine($"| {f.Name} | {f.Value} | {f.Unit} | {f.Baseline} | {f.Ratio} | {f.Goal} | {(f.Met ? "yes" : "no")} |");
}
var results = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "results");
Directory.CreateDirectory(results);
var json = JsonSerializer.Serialize(figures, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
await File.WriteAllTextAsync(Path.Combine(results, "latest.json"), json);
await File.WriteAllTextAsync(Path.Combine(results, "latest.md"), string.Join(Environment.NewLine,
    ["| figure | value | unit | baseline | ratio | goal | met |", "|---|---|---|---|---|---|---|",
     .. figures.Select(f => $"| {f.Name} | {f.Value} | {f.Unit} | {f.Baseline} | {f.Ratio} | {f.Goal} | {(f.Met ? "yes" : "no")} |")]));
Console.WriteLine($"Written to {Path.GetFullPath(results)}/latest.json and latest.md");

internal static class Checks
{
    public static void ShouldBeNull(this OrderError? error)
    {
        if (error is not null)
        {
            throw new InvalidOperationException($"Command refused: {error.Code} {error.Message}");
        }
    }
}
