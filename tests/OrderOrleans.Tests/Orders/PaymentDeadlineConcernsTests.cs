using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Processes;
using OrderOrleans.Tests.Infrastructure;

namespace OrderOrleans.Tests.Orders;

/// <summary>Which deliveries the dispatcher hands to an order's payment deadline, and which it spares an activation.</summary>
public class PaymentDeadlineConcernsTests
{
    private static readonly IOrderEvent[] Cart = [new OrderCreated("C", "USD", null), new ItemAdded("A", "A", 1, 10m)];

    private static bool Concerns(OrderChange change) => PaymentDeadlineGrain.Concerns(change.Events, change.Summary);

    [Fact]
    public void A_placing_is_handed_on_alone_or_with_the_events_before_it()
    {
        Concerns(ShardDelivery.NewOrder("o1", [.. Cart, new OrderPlaced(10m)])).ShouldBeTrue();
        var history = ShardDelivery.NewOrder("o2", [.. Cart, new OrderPlaced(10m)]).Events;
        Concerns(ShardDelivery.ChangeAt(history, 3)).ShouldBeTrue();
    }

    [Fact]
    public void A_payment_or_cancellation_of_an_order_placed_in_an_earlier_delivery_is_handed_on_to_disarm()
    {
        var paid = ShardDelivery.NewOrder("o3", [.. Cart, new OrderPlaced(10m), new PaymentRecorded(10m, "card", null)]).Events;
        Concerns(ShardDelivery.ChangeAt(paid, 4)).ShouldBeTrue();
        var cancelled = ShardDelivery.NewOrder("o4", [.. Cart, new OrderPlaced(10m), new OrderCancelled("no")]).Events;
        Concerns(ShardDelivery.ChangeAt(cancelled, 4)).ShouldBeTrue();
    }

    [Fact]
    public void Placed_and_paid_or_cancelled_in_one_delivery_has_nothing_to_arm()
    {
        Concerns(ShardDelivery.NewOrder("o5", [.. Cart, new OrderPlaced(10m), new PaymentRecorded(10m, "card", null)])).ShouldBeFalse();
        Concerns(ShardDelivery.NewOrder("o6", [.. Cart, new OrderPlaced(10m), new OrderCancelled("no")])).ShouldBeFalse();
    }

    [Fact]
    public void A_cart_or_an_order_cancelled_before_placing_has_no_deadline()
    {
        Concerns(ShardDelivery.NewOrder("o7", Cart)).ShouldBeFalse();
        var cancelled = ShardDelivery.NewOrder("o8", [.. Cart, new OrderCancelled("no")]).Events;
        Concerns(ShardDelivery.ChangeAt(cancelled, 3)).ShouldBeFalse();
    }
}
