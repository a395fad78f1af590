using OrderOrleans.Contracts.Orders;

namespace OrderOrleans.Contracts.Projections;

[GenerateSerializer, Immutable, Alias("StatusFigures")]
public sealed record StatusFigures(
    [property: Id(0)] OrderStatus Status,
    [property: Id(1)] int Orders,
    [property: Id(2)] string Currency,
    [property: Id(3)] decimal Value);

/// <summary>A day (UTC): orders created that day, and revenue from payments recorded that day.</summary>
[GenerateSerializer, Immutable, Alias("DayFigures")]
public sealed record DayFigures(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string Currency,
    [property: Id(2)] int OrdersCreated,
    [property: Id(3)] decimal Revenue);

[GenerateSerializer, Immutable, Alias("AnalyticsSummary")]
public sealed record AnalyticsSummary(
    [property: Id(0)] int TotalOrders,
    [property: Id(1)] IReadOnlyList<StatusFigures> ByStatus,
    [property: Id(2)] IReadOnlyList<DayFigures> ByDay);
