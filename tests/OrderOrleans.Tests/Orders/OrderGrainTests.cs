using Azure.Data.Tables;
using OrderOrleans.Contracts;
using OrderOrleans.Storage;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Grains.Orders;
using OrderOrleans.Tests.Infrastructure;
using OrderOrleans.Testing;
using Orleans.TestingHost;

namespace OrderOrleans.Tests.Orders;

/// <summary>A real silo (TestCluster) with the real event log and queue stream on Azurite.</summary>
public class OrderClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public OrderEventLog Log => Service<OrderEventLog>();

    public string TablePrefix { get; } = TestNames.Prefix();

    public string ConnectionString { get; private set; } = "";

    public T Service<T>() where T : notnull => (T)Cluster.GetSiloServiceProvider().GetService(typeof(T))!;

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteServer.Shared;
        ConnectionString = azurite.ConnectionString;
        var options = new OrderOrleansOptions { TablePrefix = TablePrefix };
        Configure(options);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddOrderOrleans(StorageAccount.FromConnectionString(azurite.ConnectionString), options));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    protected virtual void Configure(OrderOrleansOptions options)
    {
    }
}

public class OrderGrainTests(OrderClusterFixture fixture) : IClassFixture<OrderClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Cluster.Client;

    private static CommandContext Ctx(int? expectedVersion = null) => CommandContext.New("tester", expectedVersion);

    private static CreateOrder NewOrder() =>
        new("CUST-1", "USD", null, [new OrderLine("SKU-1", "Widget", 2, 10m)]) { Context = Ctx() };

    [Fact]
    public async Task A_reference_made_without_type_resolution_is_the_one_GetGrain_makes()
    {
        var id = TestNames.OrderId();
        // The first reference resolves the types the usual way; later ones reuse them, from a client and in a silo alike.
        foreach (var grains in new[] { _grains, _grains, fixture.Service<IGrainFactory>() })
        {
            foreach (var (usual, made) in new (IAddressable, IAddressable)[]
            {
                (_grains.GetGrain<IOrderGrain>(id), grains.Order(id)),
                (_grains.GetGrain<IPaymentDeadlineGrain>(id), grains.Grain<IPaymentDeadlineGrain>(id)),
                (_grains.GetGrain<IReadModelGrain>(0), grains.Grain<IReadModelGrain>(0)),
                (_grains.GetGrain<IEventFeedGrain>(7), grains.Grain<IEventFeedGrain>(7)),
            })
            {
                ((GrainReference)made).GrainId.ShouldBe(((GrainReference)usual).GrainId);
                ((GrainReference)made).InterfaceType.ShouldBe(((GrainReference)usual).InterfaceType);
            }
        }
        await _grains.Order(id).Execute(NewOrder());
        (await _grains.GetGrain<IOrderGrain>(id).GetOrder())!.CustomerId.ShouldBe("CUST-1");
    }

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
            () => _grains.GetGrain<IStreamProbeGrain>(ShardDelivery.ShardOf(fixture.Cluster.GetSiloServiceProvider(), id)).Received(id), r => r.Count >= 3);

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
    public async Task A_client_key_from_before_the_newest_snapshot_is_still_answered_from_its_first_outcome_after_reactivation()
    {
        var order = _grains.GetGrain<IOrderGrain>(TestNames.OrderId());
        await order.Execute(NewOrder());
        var keyed = new CommandContext("client-key-old", IsClientKey: true, null, "tester", "corr");
        var first = await order.Execute(new AddItem(new OrderLine("SKU-2", null, 1, 5m)) { Context = keyed });
        for (var i = 0; i < new OrderOrleansOptions().SnapshotEvery; i++)
        {
            (await order.Execute(new AddItem(new OrderLine("SKU-1", "Widget", 1, 10m)) { Context = Ctx() })).Error.ShouldBeNull();
        }
        var before = (await order.GetOrder())!.Version;
        await fixture.Cluster.DeactivateAsync(order);

        var again = await order.Execute(new AddItem(new OrderLine("SKU-2", null, 1, 5m)) { Context = keyed });

        again.Replayed.ShouldBeTrue();
        again.Order.ShouldBeEquivalentTo(first.Order);
        (await order.GetOrder())!.Version.ShouldBe(before);
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

    [Fact]
    public async Task With_snapshots_activation_folds_only_the_events_after_the_newest_one_and_without_them_the_state_is_the_same()
    {
        var id = TestNames.OrderId("long");
        var order = _grains.GetGrain<IOrderGrain>(id);
        await order.Execute(NewOrder());
        for (var i = 0; i < 1_008; i++)
        {
            (await order.Execute(new AddItem(new OrderLine("SKU-1", "Widget", 1, 10m)) { Context = Ctx() })).Error.ShouldBeNull();
        }
        var live = (await order.GetOrder())!;
        live.Version.ShouldBe(1_010);
        var history = fixture.Service<OrderHistoryReader>();

        var withSnapshots = await history.FoldAsync(id);
        var withoutSnapshots = await history.FoldAsync(id, useSnapshots: false);

        withSnapshots.SnapshotVersion.ShouldBe(1_000);
        withSnapshots.EventsRead.ShouldBeLessThanOrEqualTo(new OrderOrleansOptions().SnapshotEvery);
        withSnapshots.EventsRead.ShouldBe(10);
        withoutSnapshots.EventsRead.ShouldBe(1_010);
        Json(withSnapshots.State.ToView()).ShouldBe(Json(withoutSnapshots.State.ToView()));
        Json(withSnapshots.State.ToView()).ShouldBe(Json(live));

        var snapshots = fixture.Service<TableServiceClient>().GetTableClient(fixture.Service<StorageNames>().Snapshots);
        await foreach (var row in snapshots.QueryAsync<TableEntity>(e => e.PartitionKey == id, select: ["RowKey"]))
        {
            await snapshots.DeleteEntityAsync(id, row.RowKey);
        }
        await fixture.Cluster.DeactivateAsync(order);
        Json(await order.GetOrder()).ShouldBe(Json(live));
        (await history.FoldAsync(id)).EventsRead.ShouldBe(1_010);
    }

    [Fact]
    public async Task Activation_reads_an_order_of_up_to_SnapshotEvery_events_whole_and_a_longer_one_from_its_snapshot()
    {
        var every = new OrderOrleansOptions().SnapshotEvery;
        var id = TestNames.OrderId("short");
        var order = _grains.GetGrain<IOrderGrain>(id);
        await order.Execute(NewOrder());
        while ((await order.GetOrder())!.Version < every)
        {
            (await order.Execute(new AddItem(new OrderLine("SKU-1", "Widget", 1, 10m)) { Context = Ctx() })).Error.ShouldBeNull();
        }
        var history = fixture.Service<OrderHistoryReader>();
        (await history.FoldAsync(id)).SnapshotVersion.ShouldBe(every);

        var whole = await history.FoldCurrentAsync(id, every);

        whole.SnapshotVersion.ShouldBeNull();
        whole.EventsRead.ShouldBe(every);
        Json(whole.State.ToView()).ShouldBe(Json(await order.GetOrder()));

        (await order.Execute(new AddItem(new OrderLine("SKU-1", "Widget", 1, 10m)) { Context = Ctx() })).Error.ShouldBeNull();
        var longer = await history.FoldCurrentAsync(id, every);

        longer.SnapshotVersion.ShouldBe(every);
        longer.EventsRead.ShouldBe(1);
        Json(longer.State.ToView()).ShouldBe(Json(await order.GetOrder()));
        await fixture.Cluster.DeactivateAsync(order);
        Json(await order.GetOrder()).ShouldBe(Json(longer.State.ToView()));
    }

    private static string Json(OrderView? view) => System.Text.Json.JsonSerializer.Serialize(view);

    [Fact]
    public async Task An_order_written_partly_in_old_schemas_folds_to_the_right_total()
    {
        var id = TestNames.OrderId("legacy");
        var table = new TableServiceClient(fixture.ConnectionString).GetTableClient(fixture.TablePrefix + "OrderEvents");
        // Rows as the release before multi-currency wrote them (OrderCreated v1, ItemAdded v1 with "price").
        await table.AddEntityAsync(LegacyRow(id, 1, "OrderCreated", """{"customerId":"OLD-1"}"""));
        await table.AddEntityAsync(LegacyRow(id, 2, "ItemAdded", """{"productId":"A","name":"Apple","quantity":3,"price":2.5}"""));
        var order = _grains.GetGrain<IOrderGrain>(id);

        var added = await order.Execute(new AddItem(new OrderLine("A", "Apple", 1, 2.5m)) { Context = Ctx(expectedVersion: 2) });
        var placed = await order.Execute(new PlaceOrder { Context = Ctx() });

        added.Order.ShouldNotBeNull().Currency.ShouldBe("USD");
        placed.Order.ShouldNotBeNull().Total.ShouldBe(10m);
        placed.Order.Items.ShouldBe([new OrderLineView("A", "Apple", 4, 2.5m, 10m)]);
        (await order.GetEvents(1, 10))!.Select(e => e.SchemaVersion).ShouldBe([1, 1, 2, 1]);
    }

    private static TableEntity LegacyRow(string orderId, int version, string type, string data) =>
        new(orderId, EventRow.KeyOf(orderId, version))
        {
            ["Type"] = type,
            ["SchemaVersion"] = 1,
            ["Data"] = data,
            ["OccurredAt"] = DateTimeOffset.UtcNow,
            ["CommandId"] = $"legacy-{version}",
            ["CorrelationId"] = "legacy",
            ["CausationId"] = $"legacy-{version}",
            ["UserId"] = "legacy",
        };
}
