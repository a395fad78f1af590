using OrderOrleans.Contracts.Orders;
using OrderOrleans.Grains;
using OrderOrleans.Grains.Processes;
using OrderOrleans.Tests.Infrastructure;

namespace OrderOrleans.Tests.Orders;

/// <summary>A cluster whose payment deadline is seconds, not half an hour.</summary>
public sealed class ShortDeadlineClusterFixture : OrderClusterFixture
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    protected override void Configure(OrderOrleansOptions options) =>
        options.PaymentDeadline = new PaymentDeadlineOptions { Deadline = Deadline, RetryPeriod = TimeSpan.FromSeconds(2) };
}

public class PaymentDeadlineTests(ShortDeadlineClusterFixture fixture) : IClassFixture<ShortDeadlineClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Cluster.Client;

    private async Task<IOrderGrain> PlacedOrder(string id)
    {
        var order = _grains.GetGrain<IOrderGrain>(id);
        await order.Execute(new CreateOrder("C", "USD", null, [new OrderLine("A", null, 1, 10m)]) { Context = CommandContext.New() });
        (await order.Execute(new PlaceOrder { Context = CommandContext.New() })).Error.ShouldBeNull();
        return order;
    }

    [Fact]
    public async Task An_unpaid_order_is_cancelled_for_payment_timeout_once_its_deadline_passes()
    {
        var id = TestNames.OrderId("unpaid");
        var order = await PlacedOrder(id);
        await Eventually.Until(() => _grains.GetGrain<IPaymentDeadlineGrain>(id).IsArmed(), armed => armed);

        var cancelled = await Eventually.Until(() => order.GetOrder(), o => o!.Status == OrderStatus.Cancelled, TimeSpan.FromSeconds(30));

        cancelled!.CancellationReason.ShouldBe(PaymentDeadlineGrain.CancelReason);
        var events = (await order.GetEvents(1, 10))!;
        events.Select(e => e.Type).ShouldBe(["OrderCreated", "ItemAdded", "OrderPlaced", "OrderCancelled"]);
        events[^1].UserId.ShouldBe("payment-deadline");
        await Eventually.Until(() => _grains.GetGrain<IPaymentDeadlineGrain>(id).IsArmed(), armed => !armed);
    }

    [Fact]
    public async Task Paying_in_time_disarms_the_deadline_and_the_order_stays_paid()
    {
        var id = TestNames.OrderId("paid");
        var order = await PlacedOrder(id);
        await Eventually.Until(() => _grains.GetGrain<IPaymentDeadlineGrain>(id).IsArmed(), armed => armed);

        (await order.Execute(new RecordPayment(10m, null, null) { Context = CommandContext.New() })).Error.ShouldBeNull();

        await Eventually.Until(() => _grains.GetGrain<IPaymentDeadlineGrain>(id).IsArmed(), armed => !armed);
        // Wait out the deadline by watching an unpaid order's cancellation, then check the paid one.
        var unpaid = await PlacedOrder(TestNames.OrderId("witness"));
        await Eventually.Until(() => unpaid.GetOrder(), o => o!.Status == OrderStatus.Cancelled, TimeSpan.FromSeconds(30));
        (await order.GetOrder())!.Status.ShouldBe(OrderStatus.Paid);
        (await order.GetEvents(1, 10))!.Count.ShouldBe(4);
    }
}
