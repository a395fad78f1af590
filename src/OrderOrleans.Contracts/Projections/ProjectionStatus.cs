namespace OrderOrleans.Contracts.Projections;

public enum ProjectionState
{
    /// <summary>Applying events as they come.</summary>
    Live,
    /// <summary>Building a new generation from the event log; the current one keeps answering.</summary>
    Rebuilding,
    /// <summary>Live, but with parked events (dead letters), a failed rebuild, or events older than the lag threshold still on the way.</summary>
    Degraded,
}

/// <summary>Progress of a rebuild; <see cref="CompletedAt"/> is null while it runs.</summary>
[GenerateSerializer, Immutable, Alias("RebuildProgress")]
public sealed record RebuildProgress(
    [property: Id(0)] int Generation,
    [property: Id(1)] DateTimeOffset StartedAt,
    [property: Id(2)] DateTimeOffset? CompletedAt,
    [property: Id(3)] long EventsRead,
    [property: Id(4)] long OrdersRebuilt,
    [property: Id(5)] string? Error);

/// <summary>The durable part of a projection's status: its generation, its rebuild and its parked events.</summary>
[GenerateSerializer, Immutable, Alias("ProjectionInfo")]
public sealed record ProjectionInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] int ActiveGeneration,
    [property: Id(2)] RebuildProgress? Rebuild,
    [property: Id(3)] int DeadLetters,
    [property: Id(4)] ProjectionLag Lag,
    [property: Id(5)] bool Lagging);

/// <summary>
/// Where a projection differs from a fold of the log. For an order (the list, or a tally view's checkpoint): the summary
/// expected and held, <see cref="Actual"/> null when the projection lacks the order. For a tally view's figures: the
/// <see cref="Key"/> (a product, a customer, an analytics cell) and the figures expected and held, as JSON.
/// </summary>
[GenerateSerializer, Immutable, Alias("ProjectionDifference")]
public sealed record ProjectionDifference(
    [property: Id(0)] string Projection,
    [property: Id(1)] string? OrderId,
    [property: Id(2)] OrderSummary? Expected,
    [property: Id(3)] OrderSummary? Actual)
{
    [Id(4)] public string? Key { get; init; }
    [Id(5)] public string? ExpectedFigures { get; init; }
    [Id(6)] public string? ActualFigures { get; init; }
}

[GenerateSerializer, Immutable, Alias("VerificationReport")]
public sealed record VerificationReport(
    [property: Id(0)] int CheckedOrders,
    [property: Id(1)] IReadOnlyList<ProjectionDifference> Differences);

/// <summary>One event a projection could not apply after its retries; stored, listed and retryable.</summary>
[GenerateSerializer, Immutable, Alias("DeadLetter")]
public sealed record DeadLetter(
    [property: Id(0)] string Projection,
    [property: Id(1)] string OrderId,
    [property: Id(2)] int Version,
    [property: Id(3)] string EventType,
    [property: Id(4)] string Error,
    [property: Id(5)] int Attempts,
    [property: Id(6)] DateTimeOffset FailedAt);

/// <summary>
/// How far behind a projection is. Cluster-wide: the events appended but not yet stored in the view, the age of the oldest
/// of them, the recent append-to-store times (p50, p99) and a trend. Per answering silo: events applied and duplicates.
/// </summary>
[GenerateSerializer, Immutable, Alias("ProjectionLag")]
public sealed record ProjectionLag(
    [property: Id(0)] long EventsApplied,
    [property: Id(1)] long EventsBehind,
    [property: Id(2)] long Duplicates,
    [property: Id(3)] double? P50Ms,
    [property: Id(4)] double? P99Ms,
    [property: Id(5)] DateTimeOffset? LastEventAt,
    [property: Id(6)] double OldestBehindMs,
    [property: Id(7)] IReadOnlyList<LagSample> Trend);
