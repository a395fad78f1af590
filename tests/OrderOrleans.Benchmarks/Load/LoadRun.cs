using System.Diagnostics;

namespace OrderOrleans.Benchmarks.Load;

/// <summary>What a load run measured: operations, throughput and latency percentiles.</summary>
public sealed record LoadResult(int Count, double PerSecond, Latencies Latencies)
{
    public double P50 => Latencies[50];

    public double P95 => Latencies[95];

    public double P99 => Latencies[99];

    /// <summary>Runs of one operation taken in turns with another's: their mean throughput and the latencies of all.</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> runs) =>
        new(runs.Sum(r => r.Count), runs.Average(r => r.PerSecond), new Latencies(runs.SelectMany(r => r.Latencies.Values)));
}

/// <summary>
/// A closed-loop load: <c>concurrency</c> workers each run operations back to back, until their count is done or the
/// time limit is reached. Operation <c>i</c> of worker <c>w</c> is <c>operation(w, i)</c>; each one's latency is kept.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadResult> ClosedAsync(int concurrency, int perWorker, TimeSpan limit, Func<int, int, Task> operation)
    {
        var latencies = new double[concurrency][];
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = new double[perWorker];
            var done = 0;
            while (done < perWorker && Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(worker, done);
                mine[done++] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            latencies[worker] = mine[..done];
        })));
        var elapsed = clock.Elapsed;
        var all = new Latencies(latencies.SelectMany(l => l));
        return new LoadResult(all.Count, all.Count / elapsed.TotalSeconds, all);
    }

    /// <summary>
    /// An open-loop load at a steady <paramref name="perSecond"/>: operations start on schedule whether or not earlier
    /// ones finished (at most <paramref name="maxInFlight"/> at once), for <paramref name="duration"/>. Returns how many started:
    /// when the system cannot keep up, it stops starting more once the schedule is five seconds behind.
    /// </summary>
    public static async Task<int> PacedAsync(double perSecond, TimeSpan duration, int maxInFlight, Func<int, Task> operation)
    {
        var total = (int)(perSecond * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / perSecond;
        var start = Stopwatch.GetTimestamp();
        using var slots = new SemaphoreSlim(maxInFlight);
        var running = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + (long)(i * interval));
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            await slots.WaitAsync();
            if (Stopwatch.GetElapsedTime(start) > duration + TimeSpan.FromSeconds(5))
            {
                slots.Release();
                total = i;
                break;
            }
            var index = i;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await operation(index);
                }
                finally
                {
                    slots.Release();
                }
            }));
        }
        await Task.WhenAll(running);
        return total;
    }
}
