using OrderOrleans.Domain;
using static OrderOrleans.Tests.Orders.OrderHistory;

namespace OrderOrleans.Tests.Orders;

public class OrderStateTests
{
    [Fact]
    public void Folding_a_whole_life_gives_the_final_view()
    {
        var address = new Address("1 Main St", null, "Springfield", "12345", "US", "Ann");
        var state = new OrderState();
        IOrderEvent[] events =
        [
            new OrderCreated("CUST-1", "EUR", address),
            new ItemAdded("A", "Apple", 2, 1.5m),
            new ItemAdded("B", "Bread", 1, 3m),
            new ItemAdded("A", "Apple", 1, 1.5m),
            new ItemRemoved("B"),
            new OrderPlaced(4.5m),
            new PaymentRecorded(4.5m, "card", "tx"),
            new OrderShipped("DHL", "JD01", Now.AddHours(1)),
            new OrderDelivered("Ann", Now.AddHours(2)),
        ];
        for (var i = 0; i < events.Length; i++)
        {
            state.Apply(Envelope("O-1", i + 1, events[i], Now.AddMinutes(i)));
        }

        var view = state.ToView();
        view.OrderId.ShouldBe("O-1");
        view.Status.ShouldBe(OrderStatus.Delivered);
        view.Currency.ShouldBe("EUR");
        view.ShippingAddress.ShouldBe(address);
        view.Items.ShouldBe([new OrderLineView("A", "Apple", 3, 1.5m, 4.5m)]);
        view.Total.ShouldBe(4.5m);
        view.AmountPaid.ShouldBe(4.5m);
        view.Shipment.ShouldBe(new ShipmentView("DHL", "JD01", Now.AddHours(1)));
        view.Delivery.ShouldBe(new DeliveryView("Ann", Now.AddHours(2)));
        view.Version.ShouldBe(9);
        view.CreatedAt.ShouldBe(Now);
        view.UpdatedAt.ShouldBe(Now.AddMinutes(8));
    }

    [Fact]
    public void Apply_never_throws_on_events_that_make_no_sense_for_the_state()
    {
        var state = new OrderState();
        Should.NotThrow(() =>
        {
            state.Apply(Envelope("O-1", 1, new ItemRemoved("missing")));
            state.Apply(Envelope("O-1", 2, new OrderDelivered("x", Now)));
            state.Apply(Envelope("O-1", 3, new ItemAdded("A", "A", 1, 1m)));
        });
        state.Version.ShouldBe(3);
        state.Status.ShouldBe(OrderStatus.Delivered);
    }

    [Fact]
    public void Cancellation_keeps_the_reason() =>
        Cancelled().ToView().CancellationReason.ShouldBe("changed mind");
}
