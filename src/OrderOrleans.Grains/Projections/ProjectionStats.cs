using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// What this silo's shards did with the events delivered to them: applied, duplicate, parked, and the newest event
/// applied. The same figures go out as OpenTelemetry metrics. How far behind the views are is the publishers' to say
/// (<see cref="Delivery.DeliveryLagGrain"/>): a shard cannot see what has not reached it.
/// </summary>
public sealed class ProjectionStats
{
    private readonly Lock _lock = new();
    private long _applied;
    private long _duplicates;
    private DateTimeOffset? _lastEventAt;

    public void Applied(int events, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        lock (_lock)
        {
            _applied += events;
            _lastEventAt = _lastEventAt is { } last && last > occurredAt ? last : occurredAt;
        }
        ServiceMetrics.ProjectionLag.Record(Math.Max(0, (now - occurredAt).TotalMilliseconds));
        Count("applied", events);
    }

    public void Duplicate(int events)
    {
        Interlocked.Add(ref _duplicates, events);
        Count("duplicate", events);
    }

    public static void Parked(int events) => Count("dead-letter", events);

    /// <summary>This silo's counts, with the cluster's delivery lag.</summary>
    public ProjectionLag Snapshot(DeliveryLag lag)
    {
        lock (_lock)
        {
            return new ProjectionLag(_applied, lag.EventsBehind, _duplicates, lag.P50Ms, lag.P99Ms, _lastEventAt, lag.OldestBehindMs, lag.Trend);
        }
    }

    private static void Count(string outcome, int events) =>
        ServiceMetrics.ProjectionEvents.Add(events, new KeyValuePair<string, object?>("outcome", outcome));
}
