using OrderOrleans.Domain;

namespace OrderOrleans.Contracts.Projections;

/// <summary>One order as the list, customer and analytics views see it; <see cref="Version"/> is the projection's checkpoint for it.</summary>
[GenerateSerializer, Immutable, Alias("OrderSummary")]
public sealed record OrderSummary(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] OrderStatus Status,
    [property: Id(3)] string Currency,
    [property: Id(4)] decimal Total,
    [property: Id(5)] decimal AmountPaid,
    [property: Id(6)] int ItemCount,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] DateTimeOffset? PaidAt,
    [property: Id(10)] int Version,
    [property: Id(11)] DateTimeOffset? PlacedAt);
