using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Delivery;

/// <summary>
/// The cluster's delivery lag (key 0): every silo's publisher reports its backlog once a second; the lag is their sum and
/// the age of the oldest event among them, so it grows while delivery stalls instead of showing only what arrived.
/// A silo that stops reporting (gone) drops out after <see cref="s_stale"/>. Keeps two minutes of samples, one a second, as the trend.
/// </summary>
public sealed class DeliveryLagGrain(TimeProvider time) : Grain, IDeliveryLagGrain
{
    private static readonly TimeSpan s_stale = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_sampleEvery = TimeSpan.FromSeconds(1);
    private const int TrendSamples = 120;

    private readonly Dictionary<string, (DeliveryBacklog Backlog, DateTimeOffset At)> _silos = new(StringComparer.Ordinal);
    private readonly Queue<LagSample> _trend = new();

    public Task Report(string silo, DeliveryBacklog backlog)
    {
        var now = time.GetUtcNow();
        _silos[silo] = (backlog, now);
        if (!_trend.TryPeek(out _) || now - _trend.Last().At >= s_sampleEvery)
        {
            var lag = Compute(now);
            _trend.Enqueue(new LagSample(now, lag.EventsBehind, lag.OldestBehindMs));
            while (_trend.Count > TrendSamples)
            {
                _trend.Dequeue();
            }
        }
        return Task.CompletedTask;
    }

    public Task<DeliveryLag> GetLag() => Task.FromResult(Compute(time.GetUtcNow()) with { Trend = [.. _trend] });

    private DeliveryLag Compute(DateTimeOffset now)
    {
        foreach (var gone in _silos.Where(s => now - s.Value.At > s_stale).Select(s => s.Key).ToList())
        {
            _silos.Remove(gone);
        }
        var backlogs = _silos.Values.Select(s => s.Backlog).ToList();
        var oldest = backlogs.Where(b => b.OldestAt is not null).Select(b => b.OldestAt!.Value).DefaultIfEmpty(now).Min();
        // Percentiles are per silo; the worst silo's stands for the cluster (an upper bound).
        return new DeliveryLag(backlogs.Sum(b => b.Events), Math.Max(0, (now - oldest).TotalMilliseconds),
            backlogs.Max(b => b.P50Ms), backlogs.Max(b => b.P99Ms), backlogs.Count, []);
    }
}
