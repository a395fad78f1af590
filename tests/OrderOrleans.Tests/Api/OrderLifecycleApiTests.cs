using System.Net;
using Azure.Data.Tables;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

public class OrderLifecycleApiTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private readonly HttpClient _http = silo.Client;

    private static object NewOrder(string orderId) => new
    {
        orderId,
        customerId = "CUST-XYZ",
        currency = "EUR",
        shippingAddress = new { line1 = "1 Main St", city = "Springfield", postalCode = "12345", country = "US" },
        items = new[] { new { productId = "SKU-1", name = "Widget", quantity = 2, unitPrice = 9.99m } },
    };

    [Fact]
    public async Task An_order_lives_its_whole_life_over_HTTP_and_its_events_tell_it_in_order()
    {
        var id = TestNames.OrderId();
        var created = await _http.Post("/api/orders", NewOrder(id), ("X-Correlation-Id", "corr-life"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe($"/api/orders/{id}");
        created.ETag().ShouldBe("\"2\"");
        var order = await created.Json();
        order["status"]!.GetValue<string>().ShouldBe("Created");
        order["total"]!.GetValue<decimal>().ShouldBe(19.98m);
        order["items"]![0]!["lineTotal"]!.GetValue<decimal>().ShouldBe(19.98m);

        var steps = new (string Url, object? Body, string Status, string ETag)[]
        {
            ($"/api/orders/{id}/items", new { productId = "SKU-2", quantity = 1, unitPrice = 5.02m }, "Created", "\"3\""),
            ($"/api/orders/{id}/place", null, "Placed", "\"4\""),
            ($"/api/orders/{id}/payments", new { amount = 25m, method = "card", transactionId = "tx-1" }, "Paid", "\"5\""),
            ($"/api/orders/{id}/ship", new { carrier = "UPS", trackingNumber = "1Z999" }, "Shipped", "\"6\""),
            ($"/api/orders/{id}/deliver", new { signedBy = "Ann" }, "Delivered", "\"7\""),
        };
        foreach (var (url, body, status, etag) in steps)
        {
            var response = await _http.Post(url, body, ("X-Correlation-Id", "corr-life"));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            response.ETag().ShouldBe(etag);
            (await response.Json())["status"]!.GetValue<string>().ShouldBe(status);
        }

        var current = await _http.GetAsync($"/api/orders/{id}");
        current.StatusCode.ShouldBe(HttpStatusCode.OK);
        current.ETag().ShouldBe("\"7\"");
        var final = await current.Json();
        final["version"]!.GetValue<int>().ShouldBe(7);
        final["amountPaid"]!.GetValue<decimal>().ShouldBe(25m);
        final["shipment"]!["trackingNumber"]!.GetValue<string>().ShouldBe("1Z999");
        final["delivery"]!["signedBy"]!.GetValue<string>().ShouldBe("Ann");

        var events = await (await _http.GetAsync($"/api/orders/{id}/events")).JsonArray();
        events.Select(e => e!["version"]!.GetValue<int>()).ShouldBe([1, 2, 3, 4, 5, 6, 7]);
        events.Select(e => e!["type"]!.GetValue<string>()).ShouldBe(
            ["OrderCreated", "ItemAdded", "ItemAdded", "OrderPlaced", "PaymentRecorded", "OrderShipped", "OrderDelivered"]);
        events.ShouldAllBe(e => e!["correlationId"]!.GetValue<string>() == "corr-life");
        events.ShouldAllBe(e => e!["userId"]!.GetValue<string>() == "test");
        events.ShouldAllBe(e => e!["causationId"]!.GetValue<string>() == e["commandId"]!.GetValue<string>());
        events[0]!["commandId"]!.GetValue<string>().ShouldBe(events[1]!["commandId"]!.GetValue<string>());
        events[2]!["commandId"]!.GetValue<string>().ShouldNotBe(events[1]!["commandId"]!.GetValue<string>());
        events[0]!["data"]!["currency"]!.GetValue<string>().ShouldBe("EUR");
        events[5]!["data"]!["carrier"]!.GetValue<string>().ShouldBe("UPS");
        events[0]!["occurredAt"]!.GetValue<DateTimeOffset>().ShouldBeLessThanOrEqualTo(events[6]!["occurredAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task The_event_table_holds_one_row_per_event_keyed_by_order_and_version()
    {
        var id = TestNames.OrderId();
        (await _http.Post("/api/orders", NewOrder(id))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _http.Post($"/api/orders/{id}/place")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var table = new TableServiceClient(silo.ConnectionString).GetTableClient(silo.App.TablePrefix + "OrderEvents");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}")))
        {
            rows.Add(row);
        }

        // Nothing beside the events: the command id on each row is what makes commands idempotent.
        rows.Select(r => r.RowKey).ShouldBe([EventRow.KeyOf(id, 1), EventRow.KeyOf(id, 2), EventRow.KeyOf(id, 3)]);
        rows[0].RowKey.ShouldEndWith("-0000000001");
        rows.Select(r => r.GetString("Type")).ShouldBe(["OrderCreated", "ItemAdded", "OrderPlaced"]);
        rows.Select(r => r.GetString("CommandId")).Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public async Task Paging_the_audit_trail_links_to_the_next_page()
    {
        var id = TestNames.OrderId();
        await _http.Post("/api/orders", NewOrder(id));
        await _http.Post($"/api/orders/{id}/place");

        var first = await _http.GetAsync($"/api/orders/{id}/events?limit=2");
        (await first.JsonArray()).Select(e => e!["version"]!.GetValue<int>()).ShouldBe([1, 2]);
        first.Headers.GetValues("Link").ShouldHaveSingleItem().ShouldBe($"</api/orders/{id}/events?fromVersion=3&limit=2>; rel=\"next\"");

        var rest = await _http.GetAsync($"/api/orders/{id}/events?fromVersion=3&limit=2");
        (await rest.JsonArray()).Select(e => e!["version"]!.GetValue<int>()).ShouldBe([3]);
        rest.Headers.Contains("Link").ShouldBeFalse();
    }

    [Fact]
    public async Task An_order_without_an_id_gets_one()
    {
        var created = await _http.Post("/api/orders", new { customerId = "CUST-1" });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var order = await created.Json();
        var id = order["orderId"]!.GetValue<string>();
        id.ShouldStartWith("ord-");
        order["currency"]!.GetValue<string>().ShouldBe("USD");
        created.Headers.Location!.ToString().ShouldBe($"/api/orders/{id}");
        (await _http.GetAsync($"/api/orders/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_repeated_Idempotency_Key_returns_the_first_response_and_appends_nothing()
    {
        var id = TestNames.OrderId();
        await _http.Post("/api/orders", NewOrder(id));
        var key = ("Idempotency-Key", $"add-{Guid.NewGuid():N}");
        var item = new { productId = "SKU-2", quantity = 1, unitPrice = 5m };

        var first = await _http.Post($"/api/orders/{id}/items", item, key);
        var second = await _http.Post($"/api/orders/{id}/items", item, key);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        second.ETag().ShouldBe(first.ETag());
        second.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await (await _http.GetAsync($"/api/orders/{id}/events")).JsonArray()).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_repeated_create_with_an_Idempotency_Key_and_no_id_creates_one_order()
    {
        var key = ("Idempotency-Key", $"create-{Guid.NewGuid():N}");
        var body = new { customerId = "CUST-1", items = new[] { new { productId = "A", quantity = 1, unitPrice = 1m } } };

        var first = await _http.Post("/api/orders", body, key);
        var second = await _http.Post("/api/orders", body, key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.Headers.Location.ShouldBe(first.Headers.Location);
        (await second.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        (await (await _http.GetAsync($"{first.Headers.Location}/events")).JsonArray()).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_stale_If_Match_is_refused_with_the_current_version()
    {
        var id = TestNames.OrderId();
        await _http.Post("/api/orders", NewOrder(id));

        var stale = await _http.Post($"/api/orders/{id}/place", null, ("If-Match", "\"1\""));
        var problem = await stale.Problem(HttpStatusCode.PreconditionFailed, "order.version-stale");
        problem["currentVersion"]!.GetValue<int>().ShouldBe(2);

        var fresh = await _http.Post($"/api/orders/{id}/place", null, ("If-Match", "\"2\""));
        fresh.StatusCode.ShouldBe(HttpStatusCode.OK);
        fresh.ETag().ShouldBe("\"3\"");
    }

    [Fact]
    public async Task A_matching_If_None_Match_answers_304()
    {
        var id = TestNames.OrderId();
        var etag = (await _http.Post("/api/orders", NewOrder(id))).ETag()!;

        var response = await _http.Send(HttpMethod.Get, $"/api/orders/{id}", null, ("If-None-Match", etag));

        response.StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task Removing_an_item_takes_its_line_off_the_order()
    {
        var id = TestNames.OrderId();
        await _http.Post("/api/orders", NewOrder(id));
        await _http.Post($"/api/orders/{id}/items", new { productId = "SKU-2", quantity = 1, unitPrice = 5m });

        var response = await _http.DeleteAsync($"/api/orders/{id}/items/SKU-1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var order = await response.Json();
        order["items"]!.AsArray().Select(i => i!["productId"]!.GetValue<string>()).ShouldBe(["SKU-2"]);
        order["total"]!.GetValue<decimal>().ShouldBe(5m);
    }

    [Fact]
    public async Task Cancelling_records_the_reason()
    {
        var id = TestNames.OrderId();
        await _http.Post("/api/orders", NewOrder(id));

        var response = await _http.Post($"/api/orders/{id}/cancel", new { reason = "customer request" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var order = await response.Json();
        order["status"]!.GetValue<string>().ShouldBe("Cancelled");
        order["cancellationReason"]!.GetValue<string>().ShouldBe("customer request");
    }
}
