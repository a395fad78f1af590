using System.Collections.Concurrent;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// What this silo's shards did with the events delivered to them, per projection: applied, duplicate, parked, and the
/// newest event applied. The same figures go out as OpenTelemetry metrics. How far behind the views are is the
/// publishers' to say (<see cref="Delivery.DeliveryLagGrain"/>): a shard cannot see what has not reached it.
/// </summary>
public sealed class ProjectionStats
{
    private readonly ConcurrentDictionary<string, Counts> _projections = new(StringComparer.Ordinal);

    public void Applied(string projection, int events, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        var counts = Of(projection);
        lock (counts)
        {
            counts.Applied += events;
            counts.LastEventAt = counts.LastEventAt is { } last && last > occurredAt ? last : occurredAt;
        }
        ServiceMetrics.ProjectionLag.Record(Math.Max(0, (now - occurredAt).TotalMilliseconds), Tag(projection));
        Count(projection, "applied", events);
    }

    public static void Stored(string projection, TimeSpan took) =>
        ServiceMetrics.ProjectionStoreDuration.Record(took.TotalMilliseconds, Tag(projection));

    public void Duplicate(string projection, int events)
    {
        var counts = Of(projection);
        lock (counts)
        {
            counts.Duplicates += events;
        }
        Count(projection, "duplicate", events);
    }

    public static void Parked(string projection, int events) => Count(projection, "dead-letter", events);

    /// <summary>This silo's counts for a projection, with the cluster's delivery lag.</summary>
    public ProjectionLag Snapshot(string projection, DeliveryLag lag)
    {
        var counts = Of(projection);
        lock (counts)
        {
            return new ProjectionLag(counts.Applied, lag.EventsBehind, counts.Duplicates, lag.P50Ms, lag.P99Ms, counts.LastEventAt, lag.OldestBehindMs, lag.Trend);
        }
    }

    private Counts Of(string projection) => _projections.GetOrAdd(projection, _ => new Counts());

    private static KeyValuePair<string, object?> Tag(string projection) => new("projection", projection);

    private static void Count(string projection, string outcome, int events) =>
        ServiceMetrics.ProjectionEvents.Add(events, new KeyValuePair<string, object?>("outcome", outcome), Tag(projection));

    private sealed class Counts
    {
        public long Applied;
        public long Duplicates;
        public DateTimeOffset? LastEventAt;
    }
}
