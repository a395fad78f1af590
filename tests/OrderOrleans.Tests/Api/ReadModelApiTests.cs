using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>The read side over HTTP: list, filters, paging, customer figures and analytics agree with the events.</summary>
public class ReadModelApiTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private readonly HttpClient _http = silo.Client;

    [Fact]
    public async Task List_filters_paging_customer_figures_and_analytics_follow_the_commands()
    {
        var (alice, bob) = (TestNames.OrderId("alice"), TestNames.OrderId("bob"));
        var (paid, cancelled, open) = (TestNames.OrderId("paid"), TestNames.OrderId("cancelled"), TestNames.OrderId("open"));
        var clock = Stopwatch.StartNew();
        await _http.Create(paid, alice, 10m, quantity: 2);
        await _http.Create(cancelled, alice, 5m);
        await _http.Create(open, bob, 7.5m);
        await _http.Place(paid);
        await _http.Pay(paid, 20m);
        await _http.Place(cancelled);
        await _http.Cancel(cancelled);

        var alices = await _http.ListOnceProjected($"customerId={alice}", p => p.Statuses().Order().SequenceEqual(["Cancelled", "Paid"]));
        var projectedIn = clock.Elapsed;
        alices["totalCount"]!.GetValue<int>().ShouldBe(2);
        // Newest first: "cancelled" was created after "paid".
        alices["items"]!.AsArray().Select(i => i!["orderId"]!.GetValue<string>()).ShouldBe([cancelled, paid]);
        var first = alices["items"]![1]!;
        first["total"]!.GetValue<decimal>().ShouldBe(20m);
        first["amountPaid"]!.GetValue<decimal>().ShouldBe(20m);
        first["version"]!.GetValue<int>().ShouldBe(4);

        var secondPage = await _http.GetJson($"/api/orders?customerId={alice}&page=2&pageSize=1");
        (secondPage["page"]!.GetValue<int>(), secondPage["pageSize"]!.GetValue<int>(), secondPage["totalCount"]!.GetValue<int>()).ShouldBe((2, 1, 2));
        secondPage.Statuses().ShouldBe(["Paid"]);
        (await _http.GetJson($"/api/orders?customerId={alice}&status=paid"))["totalCount"]!.GetValue<int>().ShouldBe(1);
        await _http.ListOnceProjected($"customerId={bob}&status=Created", p => p["totalCount"]!.GetValue<int>() == 1);
        var now = DateTimeOffset.UtcNow;
        (await _http.GetJson($"/api/orders?customerId={alice}&from={Uri.EscapeDataString(now.AddMinutes(1).ToString("O"))}"))["totalCount"]!.GetValue<int>().ShouldBe(0);
        (await _http.GetJson($"/api/orders?customerId={alice}&from={Uri.EscapeDataString(now.AddMinutes(-5).ToString("O"))}&to={Uri.EscapeDataString(now.AddMinutes(1).ToString("O"))}"))["totalCount"]!.GetValue<int>().ShouldBe(2);

        // The customer and analytics views follow the stream on their own: wait until they show the same orders.
        var stats = await _http.CustomerOnceProjected(alice, s => s["cancelledCount"]!.GetValue<int>() == 1);
        stats["orderCount"]!.GetValue<int>().ShouldBe(2);
        stats["placedCount"]!.GetValue<int>().ShouldBe(2);
        stats["paidCount"]!.GetValue<int>().ShouldBe(1);
        stats["cancelledCount"]!.GetValue<int>().ShouldBe(1);
        stats["lifetimeValue"]!["USD"]!.GetValue<decimal>().ShouldBe(20m);
        stats["firstOrderAt"]!.GetValue<DateTimeOffset>().ShouldBeLessThan(stats["lastOrderAt"]!.GetValue<DateTimeOffset>());

        // Analytics cover the whole silo; this class's other tests add orders too, so compare with the list itself.
        var (analytics, everything) = await Eventually.Until(
            async () => (await _http.GetJson("/api/analytics/summary"), await _http.GetJson("/api/orders?pageSize=100")),
            p => p.Item1["totalOrders"]!.GetValue<int>() == p.Item2["totalCount"]!.GetValue<int>() &&
                p.Item1["byStatus"]!.AsArray().Where(s => s!["status"]!.GetValue<string>() == "Paid").Sum(s => s!["orders"]!.GetValue<int>()) ==
                p.Item2.Statuses().Count(s => s == "Paid"));
        analytics["totalOrders"]!.GetValue<int>().ShouldBe(everything["totalCount"]!.GetValue<int>());
        var byStatus = analytics["byStatus"]!.AsArray();
        StatusFigure(byStatus, "Paid")["orders"]!.GetValue<int>().ShouldBe(everything.Statuses().Count(s => s == "Paid"));
        StatusFigure(byStatus, "Cancelled")["value"]!.GetValue<decimal>().ShouldBeGreaterThanOrEqualTo(5m);
        var today = analytics["byDay"]!.AsArray().Single(d => d!["date"]!.GetValue<string>() == DateTime.UtcNow.ToString("yyyy-MM-dd") && d["currency"]!.GetValue<string>() == "USD")!;
        today["ordersCreated"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(3);
        today["revenue"]!.GetValue<decimal>().ShouldBeGreaterThanOrEqualTo(20m);

        projectedIn.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("total", new[] { "cheap", "middle", "dear" })]
    [InlineData("total-desc", new[] { "dear", "middle", "cheap" })]
    [InlineData("oldest", new[] { "middle", "dear", "cheap" })]
    [InlineData("newest", new[] { "cheap", "dear", "middle" })]
    public async Task The_list_sorts_as_asked_with_stable_ties(string sort, string[] expected)
    {
        var customer = TestNames.OrderId("sort");
        var ids = new Dictionary<string, string>();
        foreach (var (name, price) in new[] { ("middle", 10m), ("dear", 15m), ("cheap", 5m) })
        {
            ids[name] = TestNames.OrderId(name);
            await _http.Create(ids[name], customer, price);
        }
        await _http.ListOnceProjected($"customerId={customer}", p => p["totalCount"]!.GetValue<int>() == 3);

        var page = await _http.GetJson($"/api/orders?customerId={customer}&sort={sort}");

        page["items"]!.AsArray().Select(i => i!["orderId"]!.GetValue<string>()).ShouldBe(expected.Select(n => ids[n]));
    }

    [Fact]
    public async Task The_projection_reports_its_checkpoint_and_lag()
    {
        var customer = TestNames.OrderId("lag");
        await _http.Create(TestNames.OrderId(), customer, 1m);
        await _http.ListOnceProjected($"customerId={customer}", p => p["totalCount"]!.GetValue<int>() == 1);

        // The list has it; the publisher counts it delivered once every projection confirmed it.
        var projections = await Eventually.Until(async () => await (await _http.GetAsync("/api/projections")).JsonArray(),
            all => all.All(p => p!["lag"]!["p50Ms"] is not null));

        projections.Select(p => p!["name"]!.GetValue<string>()).ShouldBe(["order-list", "products", "customers", "analytics"]);
        var list = projections[0]!;
        list["state"]!.GetValue<string>().ShouldBe("Live");
        list["activeGeneration"]!.GetValue<int>().ShouldBe(1);
        list["checkpoint"]!["eventsApplied"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(2);
        list["checkpoint"]!["lastEventAt"].ShouldNotBeNull();
        list["lag"]!["p50Ms"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(0);
        list["lag"]!["p99Ms"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(list["lag"]!["p50Ms"]!.GetValue<double>());
        list["deadLetters"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task The_live_feed_streams_projected_events_for_a_customer()
    {
        var customer = TestNames.OrderId("feed");
        var orderId = TestNames.OrderId();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/events/stream?customerId={customer}");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);
        (await reader.ReadLineAsync()).ShouldBe("event: ready");

        await _http.Create(TestNames.OrderId("other"), TestNames.OrderId("someone-else"), 1m);
        await _http.Create(orderId, customer, 3m);
        await _http.Place(orderId);

        var events = new List<JsonObject>();
        var type = "";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (events.Count < 3 && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && type == "order-event")
            {
                events.Add(JsonNode.Parse(line["data: ".Length..])!.AsObject());
            }
        }
        events.Select(e => (e["orderId"]!.GetValue<string>(), e["version"]!.GetValue<int>(), e["type"]!.GetValue<string>()))
            .ShouldBe([(orderId, 1, "OrderCreated"), (orderId, 2, "ItemAdded"), (orderId, 3, "OrderPlaced")]);
        events.ShouldAllBe(e => e["customerId"]!.GetValue<string>() == customer);
        events[1]["data"]!["unitPrice"]!.GetValue<decimal>().ShouldBe(3m);
    }

    [Theory]
    [InlineData("status=Lost", "status")]
    [InlineData("status=7", "status")]
    [InlineData("customerId=a%23b", "customerId")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=101&pageSize=100", "page")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("sort=price", "sort")]
    public async Task A_bad_list_query_is_400_naming_the_parameter(string query, string field) =>
        (await (await _http.GetAsync($"/api/orders?{query}")).Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain(field);

    [Fact]
    public async Task A_customer_without_orders_is_404() =>
        await (await _http.GetAsync($"/api/customers/{TestNames.OrderId("nobody")}")).Problem(HttpStatusCode.NotFound, "customer.not-found");

    [Fact]
    public async Task An_unknown_projection_is_404() =>
        await (await _http.PostAsync("/api/projections/nope/rebuild", null)).Problem(HttpStatusCode.NotFound, "projection.not-found");

    private static JsonNode StatusFigure(JsonArray byStatus, string status) =>
        byStatus.Single(s => s!["status"]!.GetValue<string>() == status && s["currency"]!.GetValue<string>() == "USD")!;
}
