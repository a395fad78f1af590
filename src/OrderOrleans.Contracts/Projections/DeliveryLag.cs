using Orleans.Concurrency;
namespace OrderOrleans.Contracts.Projections;

/// <summary>
/// One silo's delivery backlog: events it appended that no view has stored yet (waiting to be published or on the way),
/// the oldest one's append time, and the append-to-store time of its recently stored events.
/// </summary>
[GenerateSerializer, Immutable, Alias("DeliveryBacklog")]
public sealed record DeliveryBacklog(
    [property: Id(0)] long Events,
    [property: Id(1)] DateTimeOffset? OldestAt,
    [property: Id(2)] double? P50Ms,
    [property: Id(3)] double? P99Ms);

/// <summary>The cluster's delivery lag: every silo's backlog summed, the oldest event's age, and the recent trend.</summary>
[GenerateSerializer, Immutable, Alias("DeliveryLag")]
public sealed record DeliveryLag(
    [property: Id(0)] long EventsBehind,
    [property: Id(1)] double OldestBehindMs,
    [property: Id(2)] double? P50Ms,
    [property: Id(3)] double? P99Ms,
    [property: Id(4)] int Silos,
    [property: Id(5)] IReadOnlyList<LagSample> Trend);

[GenerateSerializer, Immutable, Alias("LagSample")]
public sealed record LagSample(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] long EventsBehind,
    [property: Id(2)] double OldestBehindMs);

/// <summary>Collects the silos' backlogs (key 0); a silo that stops reporting drops out after a few seconds.</summary>
[Alias("IDeliveryLagGrain")]
public interface IDeliveryLagGrain : IGrainWithIntegerKey
{
    [Alias("Report"), OneWay]
    Task Report(string silo, DeliveryBacklog backlog);

    [Alias("GetLag")]
    Task<DeliveryLag> GetLag();
}

/// <summary>Catches up the orders a gone silo named as in flight (key: the silo's address), once, whichever silo asks.</summary>
[Alias("IInFlightRecoveryGrain")]
public interface IInFlightRecoveryGrain : IGrainWithStringKey
{
    /// <summary>Activates orders the silo named (an order catches its views up as it activates), then forgets them; answers how many (0: none left).</summary>
    [Alias("Recover")]
    Task<int> Recover();
}
