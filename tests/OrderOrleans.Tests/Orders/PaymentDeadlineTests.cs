using OrderOrleans.Contracts.Orders;
using OrderOrleans.Domain;
using OrderOrleans.Grains;
using OrderOrleans.Grains.Processes;
using OrderOrleans.Testing;

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

    /// <summary>Whether the order's deadline reminder is in the reminder table (what survives a restart).</summary>
    internal static async Task<bool> Armed(OrderClusterFixture fixture, string orderId)
    {
        var grain = fixture.Cluster.Client.GetGrain<IPaymentDeadlineGrain>(orderId).GetGrainId();
        var rows = await fixture.Service<IReminderTable>().ReadRows(grain);
        return rows.Reminders.Any(r => r.ReminderName.StartsWith(PaymentDeadlineGrain.ReminderPrefix, StringComparison.Ordinal));
    }

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
        await Eventually.Until(() => Armed(fixture, id), armed => armed);

        var cancelled = await Eventually.Until(() => order.GetOrder(), o => o!.Status == OrderStatus.Cancelled, TimeSpan.FromSeconds(30));

        cancelled!.CancellationReason.ShouldBe(PaymentDeadlineGrain.CancelReason);
        var events = (await order.GetEvents(1, 10))!;
        events.Select(e => e.Type).ShouldBe(["OrderCreated", "ItemAdded", "OrderPlaced", "OrderCancelled"]);
        events[^1].UserId.ShouldBe("payment-deadline");
        await Eventually.Until(() => Armed(fixture, id), armed => !armed);
    }

    [Fact]
    public async Task Paying_in_time_disarms_the_deadline_and_the_order_stays_paid()
    {
        var id = TestNames.OrderId("paid");
        var order = await PlacedOrder(id);
        await Eventually.Until(() => Armed(fixture, id), armed => armed);

        (await order.Execute(new RecordPayment(10m, null, null) { Context = CommandContext.New() })).Error.ShouldBeNull();

        await Eventually.Until(() => Armed(fixture, id), armed => !armed);
        // Wait out the deadline by watching an unpaid order's cancellation, then check the paid one.
        var unpaid = await PlacedOrder(TestNames.OrderId("witness"));
        await Eventually.Until(() => unpaid.GetOrder(), o => o!.Status == OrderStatus.Cancelled, TimeSpan.FromSeconds(30));
        (await order.GetOrder())!.Status.ShouldBe(OrderStatus.Paid);
        (await order.GetEvents(1, 10))!.Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_deadline_leaves_memory_once_nothing_is_armed_and_stays_while_it_is()
    {
        var id = TestNames.OrderId("released");
        var order = await PlacedOrder(id);
        await Eventually.Until(() => Armed(fixture, id), armed => armed);
        var management = _grains.GetGrain<IManagementGrain>(0);
        var deadline = _grains.GetGrain<IPaymentDeadlineGrain>(id);
        (await management.GetActivationAddress(deadline)).ShouldNotBeNull();

        (await order.Execute(new RecordPayment(10m, null, null) { Context = CommandContext.New() })).Error.ShouldBeNull();

        await Eventually.Until(() => Armed(fixture, id), armed => !armed);
        await Eventually.Until(async () => await management.GetActivationAddress(deadline), address => address is null);
    }
}

/// <summary>A deadline long enough to restart the silo before it passes.</summary>
public sealed class RestartDeadlineClusterFixture : OrderClusterFixture
{
    protected override void Configure(OrderOrleansOptions options) =>
        options.PaymentDeadline = new PaymentDeadlineOptions { Deadline = TimeSpan.FromSeconds(20), RetryPeriod = TimeSpan.FromSeconds(2) };
}

/// <summary>The deadline's reminder is durable: it fires after the silo holding it was restarted.</summary>
public sealed class PaymentDeadlineRestartTests : IAsyncLifetime
{
    private readonly RestartDeadlineClusterFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task A_deadline_armed_before_a_silo_restart_still_cancels_the_unpaid_order()
    {
        var id = TestNames.OrderId("restart");
        var grains = _fixture.Cluster.Client;
        var order = grains.GetGrain<IOrderGrain>(id);
        await order.Execute(new CreateOrder("C", "USD", null, [new OrderLine("A", null, 1, 10m)]) { Context = CommandContext.New() });
        await order.Execute(new PlaceOrder { Context = CommandContext.New() });
        await Eventually.Until(() => PaymentDeadlineTests.Armed(_fixture, id), armed => armed);

        await _fixture.Cluster.RestartSiloAsync(_fixture.Cluster.Silos[0]);
        // The client reconnects to the restarted silo on its own; until then calls fail.
        var afterRestart = await Eventually.Until(() => TryGetOrder(id), o => o is not null, TimeSpan.FromSeconds(30));
        afterRestart!.Status.ShouldBe(OrderStatus.Placed, "the deadline passed before the restart finished");

        var cancelled = await Eventually.Until(() => TryGetOrder(id), o => o?.Status == OrderStatus.Cancelled, TimeSpan.FromSeconds(60));
        cancelled!.CancellationReason.ShouldBe(PaymentDeadlineGrain.CancelReason);
    }

    private async Task<OrderView?> TryGetOrder(string id)
    {
        try
        {
            return await _fixture.Cluster.Client.GetGrain<IOrderGrain>(id).GetOrder();
        }
        catch (OrleansException)
        {
            return null;
        }
    }
}
