using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using OrderOrleans.Benchmarks.Load;

namespace OrderOrleans.Benchmarks.Figures;

/// <summary>
/// Figure 3: the time from a command's HTTP response to the change being visible in the read models, at a steady
/// 200 commands/s (create with an item, place, pay, over many orders). "Visible" is observed on the live feed: a
/// projection publishes an event there right after its shard, which answers both the order list and the customer
/// statistics, has applied it. At the end a sample of orders is read back through both queries as a check. A change
/// that never shows within the wait counts as the whole wait, so the percentiles cannot hide it.
/// </summary>
public static class ProjectionLagFigures
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    /// <summary>Measures at <paramref name="commandsPerSecond"/>; the goals hold at the 200/s, other rates are context.</summary>
    public static async Task RunAsync(BenchHost host, Profile profile, double commandsPerSecond, List<Figure> figures)
    {
        var arrivals = new ConcurrentDictionary<string, long>();
        using var feedStop = new CancellationTokenSource();
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var feed = LiveFeedReader.ReadAsync(host.Http, arrivals, subscribed, feedStop.Token);
        await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        using var stages = new StageTimes(new Dictionary<int, string>());
        var run = Guid.NewGuid().ToString("N")[..6];
        var responded = new ConcurrentDictionary<string, long>();
        var ready = new ConcurrentQueue<(string OrderId, int Step)>();
        var paid = new ConcurrentBag<string>();
        var refused = 0;
        var clock = Stopwatch.StartNew();
        var sent = await LoadRun.PacedAsync(commandsPerSecond, profile.LagDuration, maxInFlight: 64, async i =>
        {
            var (orderId, step) = ready.TryDequeue(out var next) ? next : ($"{run}-lag-{i}", 0);
            int version;
            try
            {
                version = await OrderCalls.HttpCheckoutStep(host.Http, orderId, step);
            }
            catch (InvalidOperationException ex)
            {
                // Refused (503 when storage did not confirm in time): counted, and the order is left where it is.
                Interlocked.Increment(ref refused);
                Console.WriteLine(ex.Message[..Math.Min(160, ex.Message.Length)]);
                return;
            }
            responded[$"{orderId}:{version}"] = Stopwatch.GetTimestamp();
            if (step < 2)
            {
                ready.Enqueue((orderId, step + 1));
            }
            else
            {
                paid.Add(orderId);
            }
        });
        var achieved = sent / clock.Elapsed.TotalSeconds;

        var waitUntil = Stopwatch.StartNew();
        while (responded.Keys.Any(k => !arrivals.ContainsKey(k)) && waitUntil.Elapsed < s_wait)
        {
            await Task.Delay(20);
        }
        await feedStop.CancelAsync();
        await feed;
        var missing = responded.Keys.Count(k => !arrivals.ContainsKey(k));
        var lags = new Latencies(responded.Select(r => arrivals.TryGetValue(r.Key, out var arrived)
            ? Math.Max(0, Stopwatch.GetElapsedTime(r.Value, arrived).TotalMilliseconds)
            : s_wait.TotalMilliseconds));
        if (missing == 0)
        {
            await CheckViews(host.Http, paid.Take(20));
        }

        var load = $"{commandsPerSecond:0} commands/s (sent {achieved:0}/s, {refused} refused, {missing} not seen in {s_wait.TotalSeconds:0} s)";
        figures.Add(Figure.Below($"projection lag p50 at {load}", lags[50], "ms", 0, 75));
        figures.Add(Figure.Below($"projection lag p99 at {commandsPerSecond:0} commands/s", lags[99], "ms", 0, 250));
        Console.WriteLine($"projection lag at {load}: p50 {lags[50]:F1} ms, p99 {lags[99]:F1} ms, max {lags[100]:F1} ms");
        Console.WriteLine($"  stages: {stages.Take()}");
    }

    /// <summary>Paid orders read back through the order list and the customer statistics, as a user would query them.</summary>
    private static async Task CheckViews(HttpClient http, IEnumerable<string> paidOrders)
    {
        foreach (var orderId in paidOrders)
        {
            var list = JsonNode.Parse(await http.GetStringAsync($"/api/orders?customerId=c-{orderId}"))!;
            var customer = JsonNode.Parse(await http.GetStringAsync($"/api/customers/c-{orderId}"))!;
            if (list["items"]![0]!["status"]!.GetValue<string>() != "Paid" || customer["paidCount"]!.GetValue<int>() != 1)
            {
                throw new InvalidOperationException($"Order {orderId} was announced on the feed but the views disagree: {list} {customer}");
            }
        }
    }
}
