using OrderOrleans.Domain;

namespace OrderOrleans.Tests.Orders;

/// <summary>Order histories for tests of the pure domain: states folded from plain events.</summary>
public static class OrderHistory
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static CommandContext Ctx => CommandContext.New("tester");

    public static readonly IOrderEvent[] PlacedEvents =
        [new OrderCreated("CUST-1", "USD", null), new ItemAdded("SKU-1", "Widget", 2, 10m), new OrderPlaced(20m)];

    public static readonly IOrderEvent[] PaidEvents = [.. PlacedEvents, new PaymentRecorded(20m, "card", "tx-1")];

    public static readonly IOrderEvent[] ShippedEvents = [.. PaidEvents, new OrderShipped("UPS", "1Z", Now)];

    public static EventEnvelope Envelope(string orderId, int version, IOrderEvent @event, DateTimeOffset? at = null) =>
        new(orderId, version, @event, new EventMetadata(at ?? Now, "cmd", "corr", "cmd", "tester"));

    public static OrderState StateOf(params IOrderEvent[] events)
    {
        var state = new OrderState();
        for (var i = 0; i < events.Length; i++)
        {
            state.Apply(Envelope("ORDER-1", i + 1, events[i]));
        }
        return state;
    }

    public static OrderState Created(params (string Product, int Quantity, decimal Price)[] items) =>
        StateOf([new OrderCreated("CUST-1", "USD", null), .. items.Select(i => new ItemAdded(i.Product, i.Product, i.Quantity, i.Price))]);

    public static OrderState Placed() => StateOf(PlacedEvents);

    public static OrderState Paid() => StateOf(PaidEvents);

    public static OrderState Shipped() => StateOf(ShippedEvents);

    public static OrderState Delivered() => StateOf([.. ShippedEvents, new OrderDelivered("Ann", Now)]);

    public static OrderState Cancelled() => StateOf([.. PlacedEvents, new OrderCancelled("changed mind")]);
}
