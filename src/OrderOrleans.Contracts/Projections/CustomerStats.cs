namespace OrderOrleans.Contracts.Projections;

/// <summary>
/// A customer's orders in figures. Lifetime value counts orders that were paid and not cancelled; <see cref="RecentOrders"/>
/// are the newest ten.
/// </summary>
[GenerateSerializer, Immutable, Alias("CustomerStats")]
public sealed record CustomerStats(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] int OrderCount,
    [property: Id(2)] int PlacedCount,
    [property: Id(3)] int PaidCount,
    [property: Id(4)] int CancelledCount,
    [property: Id(5)] IReadOnlyDictionary<string, decimal> LifetimeValue,
    [property: Id(6)] DateTimeOffset? FirstOrderAt,
    [property: Id(7)] DateTimeOffset? LastOrderAt,
    [property: Id(8)] IReadOnlyList<OrderSummary> RecentOrders);
