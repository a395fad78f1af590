namespace OrderOrleans.Domain;

[GenerateSerializer, Immutable, Alias("OrderLineView")]
public sealed record OrderLineView(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Name,
    [property: Id(2)] int Quantity,
    [property: Id(3)] decimal UnitPrice,
    [property: Id(4)] decimal LineTotal);

[GenerateSerializer, Immutable, Alias("ShipmentView")]
public sealed record ShipmentView(
    [property: Id(0)] string Carrier,
    [property: Id(1)] string TrackingNumber,
    [property: Id(2)] DateTimeOffset ShippedAt);

[GenerateSerializer, Immutable, Alias("DeliveryView")]
public sealed record DeliveryView(
    [property: Id(0), PersonalData] string? SignedBy,
    [property: Id(1)] DateTimeOffset DeliveredAt);

/// <summary>
/// An order as every command answers it and <c>GET /api/orders/{id}</c> returns it. <see cref="PersonalDataErased"/>: its
/// customer's personal data was erased, so the shipping address and who signed for it read as null.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrderView")]
public sealed record OrderView(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] OrderStatus Status,
    [property: Id(3)] string Currency,
    [property: Id(4)] IReadOnlyList<OrderLineView> Items,
    [property: Id(5)] decimal Total,
    [property: Id(6)] decimal AmountPaid,
    [property: Id(7)] Address? ShippingAddress,
    [property: Id(8)] ShipmentView? Shipment,
    [property: Id(9)] DeliveryView? Delivery,
    [property: Id(10)] string? CancellationReason,
    [property: Id(11)] int Version,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] DateTimeOffset UpdatedAt,
    [property: Id(14)] bool PersonalDataErased = false);
