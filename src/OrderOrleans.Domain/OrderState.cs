
namespace OrderOrleans.Domain;

/// <summary>
/// The fold of an order's events. <see cref="Apply"/> mutates and never throws: every event in the log
/// was accepted once, so folding it must always succeed, also for events a later release would refuse.
/// </summary>
[GenerateSerializer, Alias("OrderState")]
public sealed class OrderState
{
    [Id(0)] public string OrderId { get; private set; } = "";
    [Id(1)] public string CustomerId { get; private set; } = "";
    [Id(2)] public string Currency { get; private set; } = "";
    [Id(3)] public Address? ShippingAddress { get; private set; }
    [Id(4)] public OrderStatus Status { get; private set; }
    [Id(5)] public List<OrderLineView> Lines { get; private set; } = [];
    [Id(6)] public decimal AmountPaid { get; private set; }
    [Id(7)] public ShipmentView? Shipment { get; private set; }
    [Id(8)] public DeliveryView? Delivery { get; private set; }
    [Id(9)] public string? CancellationReason { get; private set; }
    [Id(10)] public int Version { get; private set; }
    [Id(11)] public DateTimeOffset CreatedAt { get; private set; }
    [Id(12)] public DateTimeOffset UpdatedAt { get; private set; }
    [Id(13)] public DateTimeOffset? PaidAt { get; private set; }
    [Id(14)] public DateTimeOffset? PlacedAt { get; private set; }

    /// <summary>Some event was read after its customer's data key was erased: its personal fields are gone.</summary>
    [Id(15)] public bool PersonalDataErased { get; private set; }

    public bool Exists => Version > 0;

    public decimal Total
    {
        get
        {
            var total = 0m;
            foreach (var line in Lines)
            {
                total += line.LineTotal;
            }
            return total;
        }
    }

    public OrderLineView? FindLine(string productId) => Lines.Find(l => l.ProductId == productId);

    public void Apply(EventEnvelope envelope)
    {
        switch (envelope.Event)
        {
            case OrderCreated e:
                OrderId = envelope.OrderId;
                CustomerId = e.CustomerId;
                Currency = e.Currency;
                ShippingAddress = e.ShippingAddress;
                Status = OrderStatus.Created;
                CreatedAt = envelope.Metadata.OccurredAt;
                break;
            case ItemAdded e:
                var index = Lines.FindIndex(l => l.ProductId == e.ProductId);
                if (index < 0)
                {
                    Lines.Add(new OrderLineView(e.ProductId, e.Name, e.Quantity, e.UnitPrice, e.Quantity * e.UnitPrice));
                }
                else
                {
                    var quantity = Lines[index].Quantity + e.Quantity;
                    Lines[index] = Lines[index] with { Quantity = quantity, LineTotal = quantity * Lines[index].UnitPrice };
                }
                break;
            case ItemRemoved e:
                Lines.RemoveAll(l => l.ProductId == e.ProductId);
                break;
            case OrderPlaced:
                PlacedAt = envelope.Metadata.OccurredAt;
                Status = OrderStatus.Placed;
                break;
            case PaymentRecorded e:
                AmountPaid += e.Amount;
                PaidAt = envelope.Metadata.OccurredAt;
                Status = OrderStatus.Paid;
                break;
            case OrderShipped e:
                Shipment = new ShipmentView(e.Carrier, e.TrackingNumber, e.ShippedAt);
                Status = OrderStatus.Shipped;
                break;
            case OrderDelivered e:
                Delivery = new DeliveryView(e.SignedBy, e.DeliveredAt);
                Status = OrderStatus.Delivered;
                break;
            case OrderCancelled e:
                CancellationReason = e.Reason;
                Status = OrderStatus.Cancelled;
                break;
        }
        Version = envelope.Version;
        UpdatedAt = envelope.Metadata.OccurredAt;
        PersonalDataErased |= envelope.PersonalDataErased;
    }

    public OrderSnapshot ToSnapshot() => new(
        OrderId, CustomerId, Currency, ShippingAddress, Status, [.. Lines], AmountPaid, Shipment, Delivery,
        CancellationReason, Version, CreatedAt, UpdatedAt, PaidAt, PlacedAt, PersonalDataErased);

    public static OrderState FromSnapshot(OrderSnapshot s) => new()
    {
        OrderId = s.OrderId,
        CustomerId = s.CustomerId,
        Currency = s.Currency,
        ShippingAddress = s.ShippingAddress,
        Status = s.Status,
        Lines = [.. s.Lines],
        AmountPaid = s.AmountPaid,
        Shipment = s.Shipment,
        Delivery = s.Delivery,
        CancellationReason = s.CancellationReason,
        Version = s.Version,
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
        PaidAt = s.PaidAt,
        PlacedAt = s.PlacedAt,
        PersonalDataErased = s.PersonalDataErased,
    };

    public OrderView ToView() => new(
        OrderId, CustomerId, Status, Currency, [.. Lines], Total, AmountPaid,
        ShippingAddress, Shipment, Delivery, CancellationReason, Version, CreatedAt, UpdatedAt, PersonalDataErased);
}
