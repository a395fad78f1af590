using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains;
using OrderOrleans.Domain;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Tests.Infrastructure;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

public class ProjectionOperationsTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private readonly HttpClient _http = silo.Client;

    /// <summary>Versions in the order a faulty stream might deliver them: repeated, skipped ahead, late.</summary>
    private static readonly int[] s_deliveryOrder = [1, 1, 3, 2, 2, 5, 4, 5];

    private IGrainFactory Grains => silo.App.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Repeated_skipped_and_reordered_deliveries_leave_the_view_as_if_delivered_once_in_order()
    {
        var orderId = TestNames.OrderId();
        var customer = TestNames.OrderId("direct");
        var log = silo.App.Services.GetRequiredService<OrderEventLog>();
        IOrderEvent[] events =
        [
            new OrderCreated(customer, "EUR", null), new ItemAdded("A", "Apple", 2, 1.5m), new ItemAdded("B", "Bread", 1, 4m),
            new OrderPlaced(7m), new PaymentRecorded(7m, "card", null),
        ];
        // Appended straight to the log, so no stream delivers them: the test is the only deliverer.
        var envelopes = events.Select((e, i) => new EventEnvelope(orderId, i + 1, e,
            new EventMetadata(DateTimeOffset.UtcNow, $"c{i}", "corr", $"c{i}", "tester"))).ToArray();
        foreach (var envelope in envelopes)
        {
            await log.AppendAsync([envelope with { Metadata = envelope.Metadata with { CommandId = $"direct-{envelope.Version}" } }]);
        }
        // Then a change of another order of the same shard: delivered after all of them on the shard's stream.
        var marker = Enumerable.Range(0, 1000).Select(i => TestNames.OrderId($"mark{i}"))
            .First(id => ShardDelivery.ShardOf(silo.App.Services, id) == ShardDelivery.ShardOf(silo.App.Services, orderId));
        var markerCreated = new EventEnvelope(marker, 1, new OrderCreated(customer, "EUR", null), envelopes[0].Metadata);

        await ShardDelivery.Deliver(silo.App.Services, [.. s_deliveryOrder.Select(v => ShardDelivery.ChangeAt(envelopes, v)),
            ShardDelivery.ChangeAt([markerCreated], 1)]);

        var page = await Eventually.Until(
            () => Grains.Grain<IReadModelGrain>(0).ListOrders(new OrderListQuery(null, customer, null, null, 0), 1, 10),
            p => p.TotalCount == 2);
        page.Items.Select(s => s.OrderId).ShouldContain(marker);
        var summary = page.Items.Single(s => s.OrderId == orderId);
        (summary.Status, summary.Total, summary.AmountPaid, summary.ItemCount, summary.Version, summary.Currency)
            .ShouldBe((OrderStatus.Paid, 7m, 7m, 2, 5, "EUR"));
        summary.PaidAt.ShouldNotBeNull();
        summary.PlacedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Verify_names_an_order_whose_view_is_behind_the_log()
    {
        var orderId = TestNames.OrderId("behind");
        var log = silo.App.Services.GetRequiredService<OrderEventLog>();
        var created = new EventEnvelope(orderId, 1, new OrderCreated("C", "USD", null), new EventMetadata(DateTimeOffset.UtcNow, "b1", "corr", "b1", "tester"));
        await log.AppendAsync([created]);
        var product = TestNames.OrderId("verified");
        await log.AppendAsync([created with { Version = 2, Event = new ItemAdded(product, "A", 1, 1m), Metadata = created.Metadata with { CommandId = "b2" } }]);
        // An order no view has heard of at all.
        var unseen = TestNames.OrderId("unseen");
        await log.AppendAsync([created with { OrderId = unseen, Metadata = created.Metadata with { CommandId = "u1" } }]);
        // Only the first event reaches the projection (the log alone knows the second).
        await ShardDelivery.Deliver(silo.App.Services, ShardDelivery.ChangeAt([created], 1));
        await Eventually.Until(() => Grains.GetGrain<IOrderListShardGrain>(ShardDelivery.ShardOf(silo.App.Services, orderId)).GetVersion(orderId), v => v == 1);

        var report = await _http.GetJson("/api/admin/verify");

        report["checkedOrders"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        var differences = report["differences"]!.AsArray();
        var difference = differences.Single(d => d!["orderId"]?.GetValue<string>() == orderId && d["projection"]!.GetValue<string>() == "order-list")!;
        difference["expected"]!["version"]!.GetValue<int>().ShouldBe(2);
        difference["actual"]!["version"]!.GetValue<int>().ShouldBe(1);
        foreach (var projection in ProjectionNames.All)
        {
            var missing = differences.Single(d => d!["orderId"]?.GetValue<string>() == unseen && d["projection"]!.GetValue<string>() == projection && d["key"] == null)!;
            missing["expected"]!["version"]!.GetValue<int>().ShouldBe(1);
            missing["actual"].ShouldBeNull();
        }
        // The product view lacks the item too: its checkpoint and its figures for product A say so.
        differences.ShouldContain(d => d!["projection"]!.GetValue<string>() == "products" && d["orderId"]!.GetValue<string>() == orderId);
        var figures = differences.Single(d => d!["projection"]!.GetValue<string>() == "products" && d["key"] != null && d["key"]!.GetValue<string>() == product)!;
        figures["actualFigures"].ShouldBeNull();
        figures["expectedFigures"]!.GetValue<string>().ShouldContain("\"inCart\":1");

        // A lost last message leaves a view behind until the order changes again: repair catches it up from the log.
        await _http.GetJson("/api/admin/verify?repair=true");
        var repaired = await _http.GetJson("/api/admin/verify");
        repaired["differences"]!.AsArray().ShouldNotContain(d => d!["orderId"] != null && (d["orderId"]!.GetValue<string>() == orderId || d["orderId"]!.GetValue<string>() == unseen));
        repaired["differences"]!.AsArray().ShouldNotContain(d => d!["key"] != null && d["key"]!.GetValue<string>() == product);
    }

    [Fact]
    public async Task A_change_the_views_cannot_hold_is_parked_listed_and_applied_by_a_retry_once_the_log_is_fixed_while_later_changes_flow()
    {
        var customer = TestNames.OrderId("poison");
        var (sick, healthy) = (TestNames.OrderId("sick"), TestNames.OrderId("healthy"));
        // Events stored before customer ids had rules: this one holds a '/', which no read model's row key may.
        var legacyCustomer = customer + "/legacy";
        var metadata = new EventMetadata(DateTimeOffset.UtcNow, "legacy-create", "corr", "legacy-create", "tester");
        EventEnvelope[] events =
        [
            new(sick, 1, new OrderCreated(legacyCustomer, "EUR", null), metadata),
            new(sick, 2, new ItemAdded("A", "Apple", 2, 1.5m), metadata),
        ];
        var log = silo.App.Services.GetRequiredService<OrderEventLog>();
        await log.AppendAsync(events);

        await ShardDelivery.Deliver(silo.App.Services, ShardDelivery.ChangeAt(events, 1));

        var letters = await Eventually.Until(
            async () => await (await _http.GetAsync("/api/projections/order-list/dead-letters")).JsonArray(),
            l => l.Any(d => d!["orderId"]!.GetValue<string>() == sick));
        var letter = letters.Single(d => d!["orderId"]!.GetValue<string>() == sick)!;
        (letter["version"]!.GetValue<int>(), letter["eventType"]!.GetValue<string>(), letter["attempts"]!.GetValue<int>()).ShouldBe((1, "OrderCreated", 1));
        letter["error"]!.GetValue<string>().ShouldContain($"customer id '{legacyCustomer}'");
        var status = await _http.GetJson("/api/projections/order-list");
        status["state"]!.GetValue<string>().ShouldBe("Degraded");
        status["deadLetters"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);

        // The projection moved on: a later order is projected while the parked change is still missing from the view.
        await _http.Create(healthy, customer, 1m);
        var page = await _http.ListOnceProjected($"customerId={customer}", p => p["totalCount"]!.GetValue<int>() == 1);
        page["items"]![0]!["orderId"]!.GetValue<string>().ShouldBe(healthy);

        // The log still holds the id: a retry folds it again and fails, saying why.
        var stillPoisoned = await _http.PostAsync($"/api/projections/order-list/dead-letters/{sick}/1/retry", null);
        (await stillPoisoned.Problem(HttpStatusCode.Conflict, "dead-letter.retry-failed"))["detail"]!.GetValue<string>().ShouldContain("cannot key");

        // A rebuild meanwhile completes without the order (parking it again) rather than failing on it.
        (await _http.PostAsync("/api/projections/order-list/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var rebuilt = await Eventually.Until(() => _http.GetJson("/api/projections/order-list"),
            s => s["rebuild"]?["completedAt"] is not null || s["rebuild"]?["error"] is not null, TimeSpan.FromSeconds(30));
        rebuilt["rebuild"]!["error"].ShouldBeNull();
        (await _http.GetJson($"/api/orders?customerId={customer}"))["totalCount"]!.GetValue<int>().ShouldBe(1);

        // The operator corrects the stored event, then retries: the order joins the view with all its events.
        var table = new TableServiceClient(silo.ConnectionString).GetTableClient(new StorageNames(silo.App.TablePrefix).Events);
        var row = (await table.GetEntityAsync<TableEntity>(sick, EventRow.KeyOf(sick, 1))).Value;
        row["Data"].ShouldBeOfType<string>().ShouldContain(legacyCustomer);
        row["Data"] = ((string)row["Data"]).Replace(legacyCustomer, customer, StringComparison.Ordinal);
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        foreach (var projection in ProjectionNames.All)
        {
            var retried = await _http.PostAsync($"/api/projections/{projection}/dead-letters/{sick}/1/retry", null);
            retried.StatusCode.ShouldBe(HttpStatusCode.OK, $"{projection}: {await retried.Content.ReadAsStringAsync()}");
        }
        var listed = (await _http.GetJson($"/api/orders?customerId={customer}"))["items"]!.AsArray().Single(i => i!["orderId"]!.GetValue<string>() == sick)!;
        (listed["version"]!.GetValue<int>(), listed["total"]!.GetValue<decimal>()).ShouldBe((2, 3m));
        await _http.CustomerOnceProjected(customer, c => c["orderCount"]!.GetValue<int>() == 2);
        (await (await _http.GetAsync("/api/projections/order-list/dead-letters")).JsonArray())
            .ShouldNotContain(d => d!["orderId"]!.GetValue<string>() == sick);
        (await _http.GetJson("/api/projections/order-list"))["state"]!.GetValue<string>().ShouldNotBe("Degraded");
        (await _http.PostAsync($"/api/projections/order-list/dead-letters/{sick}/1/retry", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_rebuild_after_the_stored_views_are_deleted_gives_the_same_views_and_queries_answer_meanwhile()
    {
        var customer = TestNames.OrderId("rebuild");
        var (a, b) = (TestNames.OrderId("a"), TestNames.OrderId("b"));
        await _http.Create(a, customer, 3m, quantity: 3);
        await _http.Create(b, customer, 4m);
        await _http.Place(a);
        await _http.Pay(a, 9m);
        await _http.Place(b);
        await _http.Cancel(b);
        var before = await _http.ListOnceProjected($"customerId={customer}", p => p.Statuses().Order().SequenceEqual(["Cancelled", "Paid"]));
        var customerBefore = (await _http.CustomerOnceProjected(customer,
            c => c["cancelledCount"]!.GetValue<int>() == 1 && c["paidCount"]!.GetValue<int>() == 1)).ToJsonString();
        var generation = (await _http.GetJson("/api/projections/order-list"))["activeGeneration"]!.GetValue<int>();
        var tables = new TableServiceClient(silo.ConnectionString);
        await Task.WhenAll(Enumerable.Range(0, ShardDelivery.Shards(silo.App.Services)).Select(s => tables.DeleteTableAsync(new StorageNames(silo.App.TablePrefix).Tally("OrderList", generation, s))));

        var started = await _http.PostAsync("/api/projections/order-list/rebuild", null);
        var during = await _http.GetAsync($"/api/orders?customerId={customer}");

        started.StatusCode.ShouldBe(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        started.Headers.Location!.ToString().ShouldBe("/api/projections/order-list");
        (await started.Json())["rebuild"]!["generation"]!.GetValue<int>().ShouldBe(generation + 1);
        // The answering rows are gone until the rebuild switches over: the list answers, without them.
        during.StatusCode.ShouldBe(HttpStatusCode.OK);
        var done = await Eventually.Until(() => _http.GetJson("/api/projections/order-list"),
            s => s["rebuild"]?["completedAt"] is not null, TimeSpan.FromSeconds(30));
        done["activeGeneration"]!.GetValue<int>().ShouldBe(generation + 1);
        done["rebuild"]!["ordersRebuilt"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(2);
        done["rebuild"]!["eventsRead"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(8);
        (await _http.GetJson($"/api/orders?customerId={customer}")).ToJsonString().ShouldBe(before.ToJsonString());
        (await _http.GetJson($"/api/customers/{customer}")).ToJsonString().ShouldBe(customerBefore);
        // Live changes keep flowing into the new generation.
        await _http.Pay(b, 4m).ShouldThrowAsync<HttpRequestException>();
        var c = TestNames.OrderId("c");
        await _http.Create(c, customer, 1m);
        await _http.ListOnceProjected($"customerId={customer}", p => p["totalCount"]!.GetValue<int>() == 3);
    }
}

/// <summary>A new silo on the same storage serves the views the old one built.</summary>
public sealed class ProjectionRestartTests
{
    [Fact]
    public async Task A_restarted_silo_serves_the_same_views()
    {
        var azurite = await AzuriteServer.Shared;
        var prefix = TestNames.Prefix();
        var customer = TestNames.OrderId("restart");
        string list, stats, analytics;
        await using (var first = new SiloApp(azurite.ConnectionString, prefix))
        {
            var http = first.CreateClient();
            var (a, b) = (TestNames.OrderId("a"), TestNames.OrderId("b"));
            await http.Create(a, customer, 2m);
            await http.Create(b, customer, 5m);
            await http.Place(b);
            await http.Pay(b, 5m);
            list = (await http.ListOnceProjected($"customerId={customer}", p => p.Statuses().Order().SequenceEqual(["Created", "Paid"]))).ToJsonString();
            // Each view follows the stream on its own: wait for each to show everything.
            // Both orders: they may be in different shards, whose customer figures arrive apart.
            stats = (await http.CustomerOnceProjected(customer, c => c["orderCount"]!.GetValue<int>() == 2 && c["paidCount"]!.GetValue<int>() == 1)).ToJsonString();
            analytics = (await Eventually.Until(() => http.GetJson("/api/analytics/summary"),
                a => a["byStatus"]!.AsArray().Sum(s => s!["orders"]!.GetValue<int>()) == 2 && a["byStatus"]!.AsArray().Any(s => s!["status"]!.GetValue<string>() == "Paid"))).ToJsonString();
        }

        await using var second = new SiloApp(azurite.ConnectionString, prefix);
        var again = second.CreateClient();

        (await again.GetJson($"/api/orders?customerId={customer}")).ToJsonString().ShouldBe(list);
        (await again.GetJson($"/api/customers/{customer}")).ToJsonString().ShouldBe(stats);
        (await again.GetJson("/api/analytics/summary")).ToJsonString().ShouldBe(analytics);
        var report = await again.GetJson("/api/admin/verify");
        report["checkedOrders"]!.GetValue<int>().ShouldBe(2);
        report["differences"]!.AsArray().ShouldBeEmpty();
    }
}
