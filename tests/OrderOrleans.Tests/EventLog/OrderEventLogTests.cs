using Azure.Data.Tables;
using OrderOrleans.Domain;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.EventLog;

public class OrderEventLogTests : EventLogTestBase
{
    private static readonly OrderCreated Created = new("CUST-1", "USD", null);

    [Fact]
    public async Task Appended_events_read_back_in_version_order_with_their_metadata()
    {
        var orderId = TestNames.OrderId();
        var first = Command(orderId, 1, "c1", Created, new ItemAdded("A", "Apple", 2, 1.25m));
        var second = Command(orderId, 3, "c2", new OrderPlaced(2.5m));
        (await Log.AppendAsync(first)).ShouldBe(AppendResult.Appended(2));
        (await Log.AppendAsync(second)).ShouldBe(AppendResult.Appended(3));

        var read = await ReadAll(orderId);

        read.ShouldBe([.. first, .. second]);
    }

    [Fact]
    public async Task Reading_from_a_version_skips_the_earlier_events()
    {
        var orderId = TestNames.OrderId();
        await Log.AppendAsync(Command(orderId, 1, "c1", Created, new ItemAdded("A", "A", 1, 1m), new ItemAdded("B", "B", 1, 1m)));

        (await ReadAll(orderId, from: 2)).Select(e => e.Version).ShouldBe([2, 3]);
        (await Log.GetVersionAsync(orderId)).ShouldBe(3);
    }

    [Fact]
    public async Task Each_event_is_one_row_keyed_by_order_and_hash_prefixed_padded_version_carrying_its_command_id()
    {
        var orderId = TestNames.OrderId();
        await Log.AppendAsync(Command(orderId, 1, "create-1", Created, new ItemAdded("A", "Apple", 2, 1.25m)));

        var rows = await RowsOf(orderId);

        var prefix = $"{OrderOrleans.Grains.StableHash.Of(orderId):x8}-";
        rows.Select(r => r.RowKey).ShouldBe([prefix + "0000000001", prefix + "0000000002"]);
        rows.ShouldAllBe(r => r.PartitionKey == orderId);
        var item = rows[1];
        item.Keys.Except(["odata.etag", "PartitionKey", "RowKey", "Timestamp"]).ShouldBe(
            ["Type", "SchemaVersion", "Data", "OccurredAt", "CommandId", "CorrelationId", "CausationId", "UserId"], ignoreOrder: true);
        item.GetString("Type").ShouldBe("ItemAdded");
        item.GetInt32("SchemaVersion").ShouldBe(2);
        item.GetString("Data").ShouldBe("""{"productId":"A","name":"Apple","quantity":2,"unitPrice":1.25}""");
        item.GetString("CommandId").ShouldBe("create-1");
        item.GetString("CorrelationId").ShouldBe("corr-1");
        item.GetString("UserId").ShouldBe("tester");
        item.GetDateTimeOffset("OccurredAt").ShouldNotBeNull();
        rows[0].GetString("CommandId").ShouldBe("create-1");
    }

    [Fact]
    public async Task Of_twenty_concurrent_appends_at_one_version_exactly_one_wins_and_the_log_has_no_gaps()
    {
        var orderId = TestNames.OrderId();
        await Log.AppendAsync(Command(orderId, 1, "create", Created));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Log.AppendAsync(Command(orderId, 2, $"add-{i}", new ItemAdded($"P{i}", "x", 1, 1m), new ItemAdded($"Q{i}", "x", 1, 1m)))));

        results.Count(r => r.Outcome == AppendOutcome.Appended).ShouldBe(1);
        results.Where(r => r.Outcome != AppendOutcome.Appended).ShouldAllBe(r => r.Outcome == AppendOutcome.Conflict && r.CurrentVersion == 3);
        (await ReadAll(orderId)).Select(e => e.Version).ShouldBe([1, 2, 3]);
        (await RowsOf(orderId)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task An_append_retried_after_it_landed_is_answered_as_landed_and_writes_nothing()
    {
        var orderId = TestNames.OrderId();
        var create = Command(orderId, 1, "create", Created, new ItemAdded("A", "A", 1, 1m));
        await Log.AppendAsync(create);
        await Log.AppendAsync(Command(orderId, 3, "place", new OrderPlaced(1m)));
        var before = await RowsOf(orderId);

        (await Log.AppendAsync(create)).ShouldBe(AppendResult.Landed(2));
        (await Log.AppendAsync(Command(orderId, 3, "place", new OrderPlaced(1m)))).ShouldBe(AppendResult.Landed(3));
        (await Log.AppendAsync(Command(orderId, 3, "other", new OrderPlaced(1m)))).ShouldBe(AppendResult.Conflict(3));

        (await RowsOf(orderId)).Count.ShouldBe(before.Count);
    }

    [Fact]
    public async Task A_command_is_found_by_its_id_with_the_versions_it_produced()
    {
        var orderId = TestNames.OrderId();
        await Log.AppendAsync(Command(orderId, 1, "create", Created, new ItemAdded("A", "A", 1, 1m), new ItemAdded("B", "B", 1, 1m)));
        await Log.AppendAsync(Command(orderId, 4, "place", new OrderPlaced(2m)));

        (await Log.FindCommandAsync(orderId, "create")).ShouldBe(new CommandRange(1, 3));
        (await Log.FindCommandAsync(orderId, "place")).ShouldBe(new CommandRange(4, 4));
        (await Log.FindCommandAsync(orderId, "place", toVersion: 3)).ShouldBeNull();
        (await Log.FindCommandAsync(orderId, "never-sent")).ShouldBeNull();
        (await Log.FindCommandAsync(TestNames.OrderId(), "create")).ShouldBeNull();
    }

    [Fact]
    public async Task An_append_of_more_events_than_a_transaction_holds_is_refused_and_writes_nothing()
    {
        var orderId = TestNames.OrderId();
        var events = Enumerable.Range(0, EventLogLimits.MaxEventsPerAppend + 1).Select(i => (IOrderEvent)new ItemAdded($"P{i}", "x", 1, 1m)).ToArray();

        var error = await Should.ThrowAsync<EventLogLimitException>(() => Log.AppendAsync(Command(orderId, 1, "big", events)));

        error.Message.ShouldContain("at most 100 events");
        (await RowsOf(orderId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_event_over_64_KiB_of_data_is_refused()
    {
        var orderId = TestNames.OrderId();
        var huge = new OrderCancelled(new string('x', 33_000));

        var error = await Should.ThrowAsync<EventLogLimitException>(() => Log.AppendAsync(Command(orderId, 1, "huge", huge)));

        error.Message.ShouldContain("65536 bytes per string property");
        (await RowsOf(orderId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_append_over_4_MiB_is_refused()
    {
        var orderId = TestNames.OrderId();
        var events = Enumerable.Range(0, 70).Select(_ => (IOrderEvent)new OrderCancelled(new string('x', 32_000))).ToArray();

        var error = await Should.ThrowAsync<EventLogLimitException>(() => Log.AppendAsync(Command(orderId, 1, "wide", events)));

        error.Message.ShouldContain("4194304 bytes per transaction");
        (await RowsOf(orderId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Filter_text_in_an_order_id_matches_nothing_else()
    {
        var orderId = TestNames.OrderId();
        await Log.AppendAsync(Command(orderId, 1, "create", Created));

        (await ReadAll("x' or PartitionKey ne 'y")).ShouldBeEmpty();
        (await Log.GetVersionAsync("x' or PartitionKey ne 'y")).ShouldBe(0);
    }

    [Fact]
    public async Task Events_of_other_orders_are_not_read()
    {
        var a = TestNames.OrderId("a");
        var b = TestNames.OrderId("b");
        await Log.AppendAsync(Command(a, 1, "ca", Created));
        await Log.AppendAsync(Command(b, 1, "cb", Created, new OrderCancelled("x")));

        (await ReadAll(a)).ShouldHaveSingleItem().OrderId.ShouldBe(a);
    }

    [Fact]
    public async Task A_scan_for_a_fold_reads_every_order_once_in_key_order_whatever_its_id()
    {
        // Generated ids in several of the scan's key ranges, on their bounds, and ids a client chose on either side of them.
        string[] ids = ["0-own", "ord-", "ord-0a", "ord-1", "ord-1f", "ord-7c", "ord-f", "ord-ff", "ord-z", "zz-own"];
        foreach (var id in ids.Reverse())
        {
            await Log.AppendAsync(Command(id, 1, "c-" + id, Created, new ItemAdded("A", "Apple", 1, 1m)));
        }

        var rows = new List<(string Order, int Version)>();
        await foreach (var row in Log.ScanForFoldAsync())
        {
            rows.Add((row.PartitionKey, row.Version));
        }

        rows.ShouldBe([.. ids.Order(StringComparer.Ordinal).SelectMany(id => new[] { (id, 1), (id, 2) })]);
    }

    [Fact]
    public async Task Old_schema_rows_read_back_upcast()
    {
        var orderId = TestNames.OrderId();
        // Rows as an older release wrote them: OrderCreated v1 had no currency, ItemAdded v1 called unitPrice "price".
        await Table.AddEntityAsync(RawRow(orderId, 1, "OrderCreated", 1, """{"customerId":"CUST-OLD"}"""));
        await Table.AddEntityAsync(RawRow(orderId, 2, "ItemAdded", 1, """{"productId":"A","name":"Apple","quantity":3,"price":2.5}"""));
        await Log.AppendAsync(Command(orderId, 3, "add-b", new ItemAdded("B", "Bread", 1, 4m)));

        var events = (await ReadAll(orderId)).Select(e => e.Event).ToList();

        events.ShouldBe([new OrderCreated("CUST-OLD", "USD", null), new ItemAdded("A", "Apple", 3, 2.5m), new ItemAdded("B", "Bread", 1, 4m)]);
    }

    [Theory]
    [InlineData("OrderExploded", 1, "the event type is unknown")]
    [InlineData("OrderCreated", 9, "reads schema versions 1 to 2")]
    public async Task A_row_this_release_cannot_read_names_the_order_version_and_type(string type, int schemaVersion, string why)
    {
        var orderId = TestNames.OrderId();
        await Table.AddEntityAsync(RawRow(orderId, 1, type, schemaVersion, "{}"));

        var error = await Should.ThrowAsync<UnreadableEventException>(() => ReadAll(orderId));

        error.Message.ShouldContain($"Order '{orderId}' event 1 ({type} v{schemaVersion})");
        error.Message.ShouldContain(why);
    }

    private static TableEntity RawRow(string orderId, int version, string type, int schemaVersion, string data) =>
        new(orderId, EventRow.KeyOf(orderId, version))
        {
            ["Type"] = type,
            ["SchemaVersion"] = schemaVersion,
            ["Data"] = data,
            ["OccurredAt"] = DateTimeOffset.UtcNow,
            ["CommandId"] = $"old-{version}",
            ["CorrelationId"] = "old",
            ["CausationId"] = $"old-{version}",
            ["UserId"] = "legacy",
        };
}
