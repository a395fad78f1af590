using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// This silo's view of the order-list projection's progress: counts, events still in flight, and the lag of the
/// most recent events (a ring of samples for p50/p99). The same figures go out as OpenTelemetry metrics.
/// </summary>
public sealed class ProjectionStats
{
    private const int Samples = 1024;
    private readonly double[] _lags = new double[Samples];
    private readonly Lock _lock = new();
    private long _recorded;
    private long _applied;
    private long _pending;
    private long _duplicates;
    private DateTimeOffset? _lastEventAt;

    public void Received()
    {
        Interlocked.Increment(ref _pending);
        ServiceMetrics.ProjectionPending.Add(1);
    }

    public void Applied(DateTimeOffset occurredAt, DateTimeOffset now)
    {
        var lag = Math.Max(0, (now - occurredAt).TotalMilliseconds);
        lock (_lock)
        {
            _lags[_recorded++ % Samples] = lag;
            _applied++;
            _pending--;
            _lastEventAt = _lastEventAt is { } last && last > occurredAt ? last : occurredAt;
        }
        ServiceMetrics.ProjectionLag.Record(lag);
        Count("applied");
    }

    public void Duplicate()
    {
        Interlocked.Increment(ref _duplicates);
        Interlocked.Decrement(ref _pending);
        Count("duplicate");
    }

    public void Parked()
    {
        Interlocked.Decrement(ref _pending);
        Count("dead-letter");
    }

    public ProjectionLag Snapshot()
    {
        lock (_lock)
        {
            var count = (int)Math.Min(_recorded, Samples);
            if (count == 0)
            {
                return new ProjectionLag(_applied, _pending, _duplicates, null, null, _lastEventAt);
            }
            var sorted = _lags[..count];
            Array.Sort(sorted);
            return new ProjectionLag(_applied, _pending, _duplicates, Percentile(sorted, 0.50), Percentile(sorted, 0.99), _lastEventAt);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Length) - 1];

    private static void Count(string outcome)
    {
        ServiceMetrics.ProjectionPending.Add(-1);
        ServiceMetrics.ProjectionEvents.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    }
}
