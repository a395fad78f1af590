namespace OrderOrleans.Domain;

/// <summary>
/// <see cref="OrderState"/> as a snapshot stores it. Its own shape, with its own schema version, so the state class can
/// change freely: a snapshot of another schema version is simply not used (the events are folded instead).
/// </summary>
public sealed record OrderSnapshot(
    string OrderId, string CustomerId, string Currency, [property: PersonalData] Address? ShippingAddress, OrderStatus Status,
    IReadOnlyList<OrderLineView> Lines, decimal AmountPaid, ShipmentView? Shipment, DeliveryView? Delivery,
    string? CancellationReason, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? PaidAt, DateTimeOffset? PlacedAt, bool PersonalDataErased = false)
{
    public const int SchemaVersion = 1;
}
