using System.Diagnostics;
using Azure.Data.Tables;
using OrderOrleans.Grains;
using OrderOrleans.Benchmarks.Load;
using OrderOrleans.Domain;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Grains.PersonalData;
using OrderOrleans.Grains.Orders;

namespace OrderOrleans.Benchmarks.Figures;

/// <summary>Figure 6: the state at version 9,990 of a 10,000-event order, from the nearest snapshot versus folding every event.</summary>
public static class TimeTravelFigures
{
    private const string OrderId = "long-order";
    private const int Events = 10_000;

    public static async Task RunAsync(TableServiceClient tables, string tablePrefix, Profile profile, List<Figure> figures)
    {
        var options = new StorageNames(tablePrefix);
        var log = new OrderEventLog(tables, options);
        var snapshots = new SnapshotStore(tables, options);
        await log.CreateTablesAsync(CancellationToken.None);
        await snapshots.CreateTablesAsync(CancellationToken.None);

        // No personal fields in this order (no address, never delivered): nothing is sealed, no key is ever asked for.
        var keys = new PersonalDataKeys(null!);
        var state = new OrderState();
        for (var version = 1; version <= Events; version += EventLogLimits.MaxEventsPerAppend)
        {
            var metadata = new EventMetadata(DateTimeOffset.UtcNow, $"cmd-{version}", "c", $"cmd-{version}", "u");
            var batch = Enumerable.Range(version, Math.Min(EventLogLimits.MaxEventsPerAppend, Events + 1 - version))
                .Select(v => new EventEnvelope(OrderId, v, v == 1 ? new OrderCreated("C", "USD", null) : new ItemAdded($"P{v % 40}", "x", 1, 1m), metadata))
                .ToArray();
            await log.AppendAsync(batch);
            foreach (var e in batch)
            {
                state.Apply(e);
                if (e.Version % 50 == 0)
                {
                    await snapshots.SaveAsync(state, keys);
                }
            }
        }

        var history = new OrderHistoryReader(log, snapshots, keys);
        // Medians: one hiccup of a noisy machine in a few runs would otherwise decide a ratio of milliseconds.
        async Task<double> MedianMilliseconds(bool useSnapshots, int runs)
        {
            var times = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await history.FoldAsync(OrderId, Events - 10, useSnapshots: useSnapshots);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return new Latencies(times)[50];
        }
        await MedianMilliseconds(true, 5);
        var without = await MedianMilliseconds(false, 5 * profile.Scale);
        var with = await MedianMilliseconds(true, 25 * profile.Scale);
        figures.Add(Figure.AtMost("time travel: state at v9990 of 10,000 events, snapshots vs none", with, "ms", without, 0.02));
    }
}
