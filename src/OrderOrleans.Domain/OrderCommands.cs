namespace OrderOrleans.Domain;

/// <summary>An imperative request to change one order. The grain decides it into events or an <see cref="OrderError"/>.</summary>
[GenerateSerializer]
public abstract record OrderCommand
{
    [Id(0)]
    public required CommandContext Context { get; init; }
}

[GenerateSerializer, Immutable, Alias("CreateOrder"), StoredName("CreateOrder")]
public sealed record CreateOrder(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string Currency,
    [property: Id(2)] Address? ShippingAddress,
    [property: Id(3)] IReadOnlyList<OrderLine> Items) : OrderCommand;

[GenerateSerializer, Immutable, Alias("AddItem"), StoredName("AddItem")]
public sealed record AddItem([property: Id(0)] OrderLine Item) : OrderCommand;

[GenerateSerializer, Immutable, Alias("RemoveItem"), StoredName("RemoveItem")]
public sealed record RemoveItem([property: Id(0)] string ProductId) : OrderCommand;

[GenerateSerializer, Immutable, Alias("PlaceOrder"), StoredName("PlaceOrder")]
public sealed record PlaceOrder : OrderCommand;

[GenerateSerializer, Immutable, Alias("RecordPayment"), StoredName("RecordPayment")]
public sealed record RecordPayment(
    [property: Id(0)] decimal Amount,
    [property: Id(1)] string? Method,
    [property: Id(2)] string? TransactionId) : OrderCommand;

[GenerateSerializer, Immutable, Alias("ShipOrder"), StoredName("ShipOrder")]
public sealed record ShipOrder(
    [property: Id(0)] string Carrier,
    [property: Id(1)] string TrackingNumber) : OrderCommand;

[GenerateSerializer, Immutable, Alias("DeliverOrder"), StoredName("DeliverOrder")]
public sealed record DeliverOrder([property: Id(0)] string SignedBy) : OrderCommand;

[GenerateSerializer, Immutable, Alias("CancelOrder"), StoredName("CancelOrder")]
public sealed record CancelOrder([property: Id(0)] string Reason) : OrderCommand;
