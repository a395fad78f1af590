using OrderOrleans.Domain;

namespace OrderOrleans.Contracts.Projections;

[GenerateSerializer, Immutable, Alias("StatusFigures")]
public sealed record StatusFigures(
    [property: Id(0)] OrderStatus Status,
    [property: Id(1)] int Orders,
    [property: Id(2)] string Currency,
    [property: Id(3)] decimal Value);

/// <summary>
/// A day (UTC) in one currency: orders created, placed, paid and cancelled that day, and revenue from the payments
/// recorded that day on orders that are not cancelled.
/// </summary>
[GenerateSerializer, Immutable, Alias("DayFigures")]
public sealed record DayFigures(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string Currency,
    [property: Id(2)] int OrdersCreated,
    [property: Id(3)] decimal Revenue,
    [property: Id(4)] int OrdersPlaced,
    [property: Id(5)] int OrdersPaid,
    [property: Id(6)] int OrdersCancelled)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => OrdersCreated == 0 && OrdersPlaced == 0 && OrdersPaid == 0 && OrdersCancelled == 0 && Revenue == 0m;
}

[GenerateSerializer, Immutable, Alias("AnalyticsSummary")]
public sealed record AnalyticsSummary(
    [property: Id(0)] int TotalOrders,
    [property: Id(1)] IReadOnlyList<StatusFigures> ByStatus,
    [property: Id(2)] IReadOnlyList<DayFigures> ByDay);
