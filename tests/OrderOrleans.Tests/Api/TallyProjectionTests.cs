using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains;
using OrderOrleans.Domain;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Tests.Infrastructure;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>
/// The tally views (products, customers, analytics): figures move as orders change, repeats and reordering change
/// nothing, a rebuild gives the same figures.
/// </summary>
public class TallyProjectionTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private readonly HttpClient _http = silo.Client;

    /// <summary>Versions in the order a faulty stream might deliver them: repeated, skipped ahead, late.</summary>
    private static readonly int[] s_deliveryOrder = [1, 2, 2, 4, 3, 3, 5, 4, 2, 5];

    private Task<JsonObject> ProductOnceProjected(string productId, Func<JsonObject, bool> done) =>
        Eventually.Until(async () =>
        {
            var response = await _http.GetAsync($"/api/products/{productId}");
            return response.StatusCode == HttpStatusCode.OK ? await response.Json() : [];
        }, p => p.Count > 0 && done(p));

    private static (long InCart, long Reserved, long Shipped, long Delivered, long Cancelled, int Orders) Units(JsonObject p) => (
        p["unitsInCart"]!.GetValue<long>(), p["unitsReserved"]!.GetValue<long>(), p["unitsShipped"]!.GetValue<long>(),
        p["unitsDelivered"]!.GetValue<long>(), p["unitsCancelled"]!.GetValue<long>(), p["orders"]!.GetValue<int>());

    [Fact]
    public async Task An_orders_units_move_from_cart_to_reserved_shipped_and_delivered_and_a_cancelled_order_gives_its_revenue_back()
    {
        var (apple, bread) = (TestNames.OrderId("apple"), TestNames.OrderId("bread"));
        var (first, second) = (TestNames.OrderId(), TestNames.OrderId());
        (await _http.PostRaw("/api/orders", $$"""
            {"orderId":"{{first}}","customerId":"C","items":[{"productId":"{{apple}}","name":"Apple","quantity":2,"unitPrice":5},{"productId":"{{bread}}","quantity":1,"unitPrice":3}]}
            """)).EnsureSuccessStatusCode();
        (await ProductOnceProjected(apple, p => p["unitsInCart"]!.GetValue<long>() == 2))["name"]!.GetValue<string>().ShouldBe("Apple");

        // Asked once now, so the ranking below is answered after changes to what the shards made for this one.
        (await (await _http.GetAsync("/api/products?sort=units&top=100")).JsonArray()).ShouldNotBeEmpty();
        await _http.Place(first);
        Units(await ProductOnceProjected(apple, p => p["orders"]!.GetValue<int>() == 1)).ShouldBe((0, 2, 0, 0, 0, 1));
        await _http.Pay(first, 13m);
        (await ProductOnceProjected(apple, p => p["revenue"]!.AsObject().Count == 1))["revenue"]!["USD"]!.GetValue<decimal>().ShouldBe(10m);
        (await _http.PostRaw($"/api/orders/{first}/ship", """{"carrier":"UPS","trackingNumber":"1Z"}""")).EnsureSuccessStatusCode();
        (await _http.PostRaw($"/api/orders/{first}/deliver", """{"signedBy":"Pat"}""")).EnsureSuccessStatusCode();
        var delivered = await ProductOnceProjected(apple, p => p["unitsDelivered"]!.GetValue<long>() == 2);
        Units(delivered).ShouldBe((0, 0, 0, 2, 0, 1));
        delivered["unitsOrdered"]!.GetValue<long>().ShouldBe(2);

        (await _http.PostRaw("/api/orders", $$"""
            {"orderId":"{{second}}","customerId":"C","items":[{"productId":"{{apple}}","quantity":3,"unitPrice":5}]}
            """)).EnsureSuccessStatusCode();
        await _http.Place(second);
        await _http.Pay(second, 15m);
        await ProductOnceProjected(apple, p => p["revenue"]!["USD"]!.GetValue<decimal>() == 25m);
        await _http.Cancel(second);
        var cancelled = await ProductOnceProjected(apple, p => p["unitsCancelled"]!.GetValue<long>() == 3);
        Units(cancelled).ShouldBe((0, 0, 0, 2, 3, 1));
        cancelled["revenue"]!["USD"]!.GetValue<decimal>().ShouldBe(10m);

        var ranked = await (await _http.GetAsync("/api/products?sort=units&top=100")).JsonArray();
        var ids = ranked.Select(p => p!["productId"]!.GetValue<string>()).ToList();
        ids.IndexOf(apple).ShouldBeLessThan(ids.IndexOf(bread));
        Units(ranked[ids.IndexOf(apple)]!.AsObject()).ShouldBe((0, 0, 0, 2, 3, 1));
        await (await _http.GetAsync($"/api/products/{TestNames.OrderId("none")}")).Problem(HttpStatusCode.NotFound, "product.not-found");
        await (await _http.GetAsync("/api/products?top=0")).Problem(HttpStatusCode.BadRequest);
        (await (await _http.GetAsync("/api/analytics/summary?from=2026-12-02&to=2026-12-01")).Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["from"]);
        (await (await _http.GetAsync("/api/analytics/summary?from=yesterday")).Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["from"]);
        var projections = await (await _http.GetAsync("/api/projections")).JsonArray();
        projections.Select(p => p!["name"]!.GetValue<string>()).ShouldBe(["order-list", "products", "customers", "analytics"]);
    }

    [Fact]
    public async Task Repeated_skipped_and_reordered_deliveries_count_each_order_once_at_its_newest_version_in_every_tally_view()
    {
        var orderId = TestNames.OrderId();
        var customer = TestNames.OrderId("cust");
        // A day of its own, so this test's analytics cells are its alone.
        var day = new DateTimeOffset(2001, 1, 1, 12, 0, 0, TimeSpan.Zero).AddDays(Random.Shared.Next(3000));
        var (apple, bread, marked) = (TestNames.OrderId("a"), TestNames.OrderId("b"), TestNames.OrderId("m"));
        var log = silo.App.Services.GetRequiredService<OrderEventLog>();
        IOrderEvent[] events =
        [
            new OrderCreated(customer, "EUR", null), new ItemAdded(apple, "Apple", 2, 1.5m), new ItemAdded(bread, "Bread", 1, 4m),
            new OrderPlaced(7m), new PaymentRecorded(7m, "card", null),
        ];
        // Appended straight to the log, so no stream delivers them: the test is the only deliverer.
        var envelopes = events.Select((e, i) => new EventEnvelope(orderId, i + 1, e,
            new EventMetadata(day.AddMinutes(i), $"direct-{i}", "corr", $"c{i}", "tester"))).ToArray();
        foreach (var envelope in envelopes)
        {
            await log.AppendAsync([envelope]);
        }
        // Then a change of another order of the same shard: delivered after all of them on the shard's stream.
        var marker = Enumerable.Range(0, 1000).Select(i => TestNames.OrderId($"mark{i}"))
            .First(id => ShardDelivery.ShardOf(silo.App.Services, id) == ShardDelivery.ShardOf(silo.App.Services, orderId));
        EventEnvelope[] markerEvents =
        [
            new(marker, 1, new OrderCreated(customer + "-marker", "EUR", null), envelopes[0].Metadata),
            new(marker, 2, new ItemAdded(marked, "Marker", 1, 1m), envelopes[0].Metadata),
        ];

        await ShardDelivery.Deliver(silo.App.Services, [.. s_deliveryOrder.Select(v => ShardDelivery.ChangeAt(envelopes, v)),
            ShardDelivery.ChangeAt(markerEvents, 2)]);

        await ProductOnceProjected(marked, _ => true);
        var a = await _http.GetJson($"/api/products/{apple}");
        Units(a).ShouldBe((0, 2, 0, 0, 0, 1));
        a["revenue"]!["EUR"]!.GetValue<decimal>().ShouldBe(3m);
        var b = await _http.GetJson($"/api/products/{bread}");
        Units(b).ShouldBe((0, 1, 0, 0, 0, 1));
        b["revenue"]!["EUR"]!.GetValue<decimal>().ShouldBe(4m);
        // Each view consumes the shard's stream on its own: once it shows the marker, it has seen every delivery before it.
        await Eventually.Until(() => _http.GetAsync($"/api/customers/{customer}-marker"), r => r.IsSuccessStatusCode);
        var stats = await _http.GetJson($"/api/customers/{customer}");
        (stats["orderCount"]!.GetValue<int>(), stats["placedCount"]!.GetValue<int>(), stats["paidCount"]!.GetValue<int>(),
            stats["lifetimeValue"]!["EUR"]!.GetValue<decimal>()).ShouldBe((1, 1, 1, 7m));
        stats["recentOrders"]!.AsArray().Select(o => (o!["orderId"]!.GetValue<string>(), o["version"]!.GetValue<int>())).ShouldBe([(orderId, 5)]);
        var date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.Until(() => _http.GetJson($"/api/analytics/summary?from={date}&to={date}"),
            a => a["byDay"]!.AsArray().Any(d => d!["ordersCreated"]!.GetValue<int>() == 2));
        var cell = (await _http.GetJson($"/api/analytics/summary?from={date}&to={date}"))["byDay"]!.AsArray().ShouldHaveSingleItem()!;
        (cell["currency"]!.GetValue<string>(), cell["ordersCreated"]!.GetValue<int>(), cell["ordersPlaced"]!.GetValue<int>(),
            cell["ordersPaid"]!.GetValue<int>(), cell["ordersCancelled"]!.GetValue<int>(), cell["revenue"]!.GetValue<decimal>())
            .ShouldBe(("EUR", 2, 1, 1, 0, 7m));
        (await silo.App.Services.GetRequiredService<IGrainFactory>().GetGrain<IProductShardGrain>(ShardDelivery.ShardOf(silo.App.Services, orderId))
            .GetVersion(orderId)).ShouldBe(5);
    }

    [Fact]
    public async Task A_rebuild_after_the_stored_rows_are_deleted_gives_the_same_figures_and_the_view_answers_meanwhile()
    {
        var (apple, pear) = (TestNames.OrderId("apple"), TestNames.OrderId("pear"));
        var (a, b) = (TestNames.OrderId("a"), TestNames.OrderId("b"));
        (await _http.PostRaw("/api/orders", $$"""{"orderId":"{{a}}","customerId":"C","items":[{"productId":"{{apple}}","quantity":4,"unitPrice":2.5}]}""")).EnsureSuccessStatusCode();
        (await _http.PostRaw("/api/orders", $$"""{"orderId":"{{b}}","customerId":"C","items":[{"productId":"{{apple}}","quantity":1,"unitPrice":2.5},{"productId":"{{pear}}","quantity":2,"unitPrice":1}]}""")).EnsureSuccessStatusCode();
        await _http.Place(a);
        await _http.Pay(a, 10m);
        await _http.Place(b);
        await _http.Cancel(b);
        // Every change reached the view: b's cancellation, and a's payment (its revenue) too.
        var before = await ProductOnceProjected(apple, p => p["unitsCancelled"]!.GetValue<long>() == 1 && p["unitsReserved"]!.GetValue<long>() == 4
            && p["revenue"]!["USD"] is not null);
        var pearBefore = await ProductOnceProjected(pear, p => p["unitsCancelled"]!.GetValue<long>() == 2);
        var generation = (await _http.GetJson("/api/projections/products"))["activeGeneration"]!.GetValue<int>();
        var tables = new Azure.Data.Tables.TableServiceClient(silo.ConnectionString);
        await Task.WhenAll(Enumerable.Range(0, ShardDelivery.Shards(silo.App.Services)).Select(s => tables.DeleteTableAsync(new StorageNames(silo.App.TablePrefix).Tally("Products", generation, s))));

        var started = await _http.PostAsync("/api/projections/products/rebuild", null);
        var during = await _http.GetJson($"/api/products/{apple}");

        started.StatusCode.ShouldBe(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        during.ToJsonString().ShouldBe(before.ToJsonString());
        var done = await Eventually.Until(() => _http.GetJson("/api/projections/products"),
            s => s["rebuild"]?["completedAt"] is not null, TimeSpan.FromSeconds(30));
        done["activeGeneration"]!.GetValue<int>().ShouldBe(generation + 1);
        done["rebuild"]!["error"].ShouldBeNull();
        (await _http.GetJson($"/api/products/{apple}")).ToJsonString().ShouldBe(before.ToJsonString());
        (await _http.GetJson($"/api/products/{pear}")).ToJsonString().ShouldBe(pearBefore.ToJsonString());
        // Live changes flow into the new generation.
        (await _http.PostRaw($"/api/orders/{a}/ship", """{"carrier":"UPS","trackingNumber":"1Z"}""")).EnsureSuccessStatusCode();
        Units(await ProductOnceProjected(apple, p => p["unitsShipped"]!.GetValue<long>() == 4)).ShouldBe((0, 0, 4, 0, 1, 1));
    }

    [Fact]
    public async Task A_tally_another_writer_changed_is_reloaded_and_built_on_not_overwritten()
    {
        var (orderId, product) = (TestNames.OrderId(), TestNames.OrderId("contested"));
        (await _http.PostRaw("/api/orders", $$"""{"orderId":"{{orderId}}","customerId":"C","items":[{"productId":"{{product}}","quantity":2,"unitPrice":3}]}""")).EnsureSuccessStatusCode();
        await _http.Place(orderId);
        await ProductOnceProjected(product, p => p["unitsReserved"]!.GetValue<long>() == 2);
        // Another writer of the same shard (as a duplicate activation would) stores the tally with 100 units cancelled.
        var generation = (await _http.GetJson("/api/projections/products"))["activeGeneration"]!.GetValue<int>();
        var shard = ShardDelivery.ShardOf(silo.App.Services, orderId);
        var table = new Azure.Data.Tables.TableServiceClient(silo.ConnectionString).GetTableClient(new StorageNames(silo.App.TablePrefix).Tally("Products", generation, shard));
        var partition = $"s{shard:D2}";
        var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(partition, "t:" + product)).Value;
        var data = JsonNode.Parse(row.GetString("Data"))!;
        data["cancelled"] = 100;
        row["Data"] = data.ToJsonString();
        await table.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);

        await _http.Pay(orderId, 6m);

        // The shard's own copy was behind: its write is refused, it reloads, and applies the payment on top.
        var paid = await ProductOnceProjected(product, p => p["revenue"]!.AsObject().Count == 1);
        Units(paid).ShouldBe((0, 2, 0, 0, 100, 1));
        paid["revenue"]!["USD"]!.GetValue<decimal>().ShouldBe(6m);
    }
}
