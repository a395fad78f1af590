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
        // Percentiles are per silo; the worst silo's stands for the cluster (an upper bound).
        return new DeliveryLag(backlogs.Sum(b => b.Events), OldestBehindMs(_silos.Values, now),
            backlogs.Max(b => b.P50Ms), backlogs.Max(b => b.P99Ms), backlogs.Count, []);
    }

    /// <summary>
    /// The age of the oldest event not yet in every view, from each silo's last report: its age when reported, plus the
    /// time the report is overdue (a silo that has not reported on time is taken to hold it still, so a stall keeps
    /// growing). Not "now minus the oldest append time": that counted every event held at the last report as held
    /// until now, although under load most are stored within a few hundred milliseconds, and read about a second
    /// behind whenever anything was in flight.
    /// </summary>
    public static double OldestBehindMs(IEnumerable<(DeliveryBacklog Backlog, DateTimeOffset At)> reports, DateTimeOffset now) => reports
        .Where(r => r.Backlog.OldestAt is not null)
        .Select(r => (r.At - r.Backlog.OldestAt!.Value + Overdue(now - r.At)).TotalMilliseconds)
        .DefaultIfEmpty(0)
        .Max(age => Math.Max(0, age));

    /// <summary>How long a report is overdue: reports come every second, so one is late after two.</summary>
    private static TimeSpan Overdue(TimeSpan sinceReport) =>
        sinceReport > 2 * EventPublisher.ReportEvery ? sinceReport - 2 * EventPublisher.ReportEvery : TimeSpan.Zero;
}
