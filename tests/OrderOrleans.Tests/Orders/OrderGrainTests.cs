using Orleans.TestingHost;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Grains;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Tests.Infrastructure;

namespace OrderOrleans.Tests.Orders;

/// <summary>A real silo (TestCluster) with the real event log and queue stream on Azurite.</summary>
public sealed class OrderClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public OrderEventLog Log => (OrderEventLog)Cluster.GetSiloServiceProvider().GetService(typeof(OrderEventLog))!;

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteServer.Shared;
        var options = new OrderOrleansOptions { TablePrefix = TestNames.Prefix() };
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddOrderOrleans(azurite.ConnectionString, options));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

public class OrderGrainTests(OrderClusterFixture fixture) : IClassFixture<OrderClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Cluster.Client;

    private static CommandContext Ctx(int? expectedVersion = null) => CommandContext.New("tester", expectedVersion);

    private static CreateOrder NewOrder() =>
        new("CUST-1", "USD", null, [new OrderLine("SKU-1", "Widget", 2, 10m)]) { Context = Ctx() };

    [Fact]
    public async Task A_deactivated_order_comes_back_from_the_log_with_the_same_state_and_version()
    {
        var order = _grains.GetGrain<IOrderGrain>(TestNames.OrderId());
        await order.Execute(NewOrder());
        await order.Execute(new AddItem(new OrderLine("SKU-2", "Gadget", 1, 5m)) { Context = Ctx() });
        var placed = (await order.Execute(new PlaceOrder { Context = Ctx() })).Order.ShouldNotBeNull();

        await fixture.Cluster.DeactivateAsync(order);
        var reloaded = await order.GetOrder();

        reloaded.ShouldNotBeNull();
        reloaded.Version.ShouldBe(4);
        reloaded.ShouldBeEquivalentTo(placed);
        (await order.Execute(new RecordPayment(25m, null, null) { Context = Ctx(expectedVersion: 4) })).Order!.Version.ShouldBe(5);
    }

    [Fact]
    public async Task Every_confirmed_event_is_published_to_the_orders_stream_in_order()
    {
        var id = TestNames.OrderId();
        var order = _grains.GetGrain<IOrderGrain>(id);
        await order.Execute(NewOrder());
        await order.Execute(new PlaceOrder { Context = Ctx() });

        var received = await Eventually.Until(
            () => _grains.GetGrain<IStreamProbeGrain>(id).Received(), r => r.Count >= 3);

        received.Select(e => (e.OrderId, e.Version, e.Type)).ShouldBe([(id, 1, "OrderCreated"), (id, 2, "ItemAdded"), (id, 3, "OrderPlaced")]);
        received[2].Event.ShouldBe(new OrderPlaced(20m));
        received[2].Metadata.UserId.ShouldBe("tester");
    }

    [Fact]
    public async Task A_client_key_seen_before_is_answered_from_its_first_outcome_without_new_events()
    {
        var order = _grains.GetGrain<IOrderGrain>(TestNames.OrderId());
        await order.Execute(NewOrder());
        var keyed = new CommandContext("client-key-1", IsClientKey: true, null, "tester", "corr");
        var first = await order.Execute(new AddItem(new OrderLine("SKU-2", null, 1, 5m)) { Context = keyed });
        await order.Execute(new PlaceOrder { Context = Ctx() });

        var again = await order.Execute(new AddItem(new OrderLine("SKU-2", null, 1, 5m)) { Context = keyed });

        again.Replayed.ShouldBeTrue();
        again.Order.ShouldBeEquivalentTo(first.Order);
        (await order.GetEvents(1, 100))!.Count.ShouldBe(4);
    }

    [Fact]
    public async Task When_another_writer_appended_first_the_command_is_refused_with_the_current_version_and_the_next_one_decides_on_it()
    {
        var id = TestNames.OrderId();
        var order = _grains.GetGrain<IOrderGrain>(id);
        await order.Execute(NewOrder());
        // Another writer (say, a duplicate activation after a partition) appends version 3 behind this grain's back.
        await fixture.Log.AppendAsync([new EventEnvelope(id, 3, new ItemAdded("SKU-9", "Other", 1, 1m),
            new EventMetadata(DateTimeOffset.UtcNow, "other-writer", "corr", "other-writer", "someone"))]);

        var refused = await order.Execute(new AddItem(new OrderLine("SKU-2", null, 1, 5m)) { Context = Ctx() });

        refused.Error.ShouldNotBeNull().Kind.ShouldBe(ErrorKind.VersionConflict);
        refused.Error.CurrentVersion.ShouldBe(3);
        var placed = await order.Execute(new PlaceOrder { Context = Ctx() });
        placed.Order.ShouldNotBeNull().Version.ShouldBe(4);
        placed.Order.Total.ShouldBe(21m);
    }

    [Fact]
    public async Task A_stale_expected_version_is_refused_without_deciding()
    {
        var order = _grains.GetGrain<IOrderGrain>(TestNames.OrderId());
        await order.Execute(NewOrder());

        var result = await order.Execute(new PlaceOrder { Context = Ctx(expectedVersion: 1) });

        result.Error.ShouldNotBeNull().Kind.ShouldBe(ErrorKind.StaleVersion);
        result.Error.CurrentVersion.ShouldBe(2);
        (await order.GetOrder())!.Status.ShouldBe(OrderStatus.Created);
    }
}
