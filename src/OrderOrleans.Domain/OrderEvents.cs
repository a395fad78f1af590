namespace OrderOrleans.Domain;

/// <summary>
/// A fact about one order. Names (the Orleans alias and the <see cref="StoredNameAttribute"/>) are stable forever;
/// a change of shape gets a new schema version and an upcaster, never a rename.
/// </summary>
public interface IOrderEvent;

[GenerateSerializer, Immutable, Alias("OrderCreated"), StoredName("OrderCreated", SchemaVersion = 2)]
public sealed record OrderCreated(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string Currency,
    [property: Id(2), PersonalData] Address? ShippingAddress) : IOrderEvent;

[GenerateSerializer, Immutable, Alias("ItemAdded"), StoredName("ItemAdded", SchemaVersion = 2)]
public sealed record ItemAdded(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Name,
    [property: Id(2)] int Quantity,
    [property: Id(3)] decimal UnitPrice) : IOrderEvent;

[GenerateSerializer, Immutable, Alias("ItemRemoved"), StoredName("ItemRemoved")]
public sealed record ItemRemoved([property: Id(0)] string ProductId) : IOrderEvent;

[GenerateSerializer, Immutable, Alias("OrderPlaced"), StoredName("OrderPlaced")]
public sealed record OrderPlaced([property: Id(0)] decimal Total) : IOrderEvent;

[GenerateSerializer, Immutable, Alias("PaymentRecorded"), StoredName("PaymentRecorded")]
public sealed record PaymentRecorded(
    [property: Id(0)] decimal Amount,
    [property: Id(1)] string? Method,
    [property: Id(2)] string? TransactionId) : IOrderEvent;

[GenerateSerializer, Immutable, Alias("OrderShipped"), StoredName("OrderShipped")]
public sealed record OrderShipped(
    [property: Id(0)] string Carrier,
    [property: Id(1)] string TrackingNumber,
    [property: Id(2)] DateTimeOffset ShippedAt) : IOrderEvent;

[GenerateSerializer, Immutable, Alias("OrderDelivered"), StoredName("OrderDelivered")]
public sealed record OrderDelivered(
    [property: Id(0), PersonalData] string? SignedBy,
    [property: Id(1)] DateTimeOffset DeliveredAt) : IOrderEvent;

[GenerateSerializer, Immutable, Alias("OrderCancelled"), StoredName("OrderCancelled")]
public sealed record OrderCancelled([property: Id(0)] string Reason) : IOrderEvent;
