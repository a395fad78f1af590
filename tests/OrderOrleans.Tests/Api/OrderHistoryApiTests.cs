using System.Net;
using System.Text.Json.Nodes;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

public class OrderHistoryApiTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private readonly HttpClient _http = silo.Client;

    [Fact]
    public async Task History_at_each_version_equals_what_each_command_answered()
    {
        var id = TestNames.OrderId();
        var answers = new List<JsonObject>
        {
            await (await _http.PostRaw("/api/orders", $$"""{"orderId":"{{id}}","customerId":"C","currency":"EUR"}""")).Json(),
        };
        foreach (var (url, body) in new[]
        {
            ("items", """{"productId":"A","quantity":2,"unitPrice":3}"""),
            ("items", """{"productId":"B","quantity":1,"unitPrice":4}"""),
            ("place", "{}"),
            ("payments", """{"amount":10}"""),
            ("ship", """{"carrier":"DHL","trackingNumber":"JD1"}"""),
        })
        {
            answers.Add(await (await _http.PostRaw($"/api/orders/{id}/{url}", body)).Json());
        }

        foreach (var answer in answers)
        {
            var version = answer["version"]!.GetValue<int>();
            var then = await _http.GetJson($"/api/orders/{id}/history?version={version}");
            then.ToJsonString().ShouldBe(answer.ToJsonString());
        }
    }

    [Fact]
    public async Task History_at_a_time_between_two_events_is_the_earlier_state()
    {
        var id = TestNames.OrderId();
        await _http.Create(id, "C", 5m);
        await _http.Place(id);
        var events = await (await _http.GetAsync($"/api/orders/{id}/events")).JsonArray();
        var created = events[1]!["occurredAt"]!.GetValue<DateTimeOffset>();
        var placed = events[2]!["occurredAt"]!.GetValue<DateTimeOffset>();
        var between = created + (placed - created) / 2;

        var then = await _http.GetJson($"/api/orders/{id}/history?at={Uri.EscapeDataString(between.ToString("O"))}");

        then["version"]!.GetValue<int>().ShouldBe(2);
        then["status"]!.GetValue<string>().ShouldBe("Created");
        var before = await _http.GetAsync($"/api/orders/{id}/history?at={Uri.EscapeDataString(created.AddSeconds(-1).ToString("O"))}");
        await before.Problem(HttpStatusCode.NotFound, "order.not-yet-created");
    }

    [Theory]
    [InlineData("version=0", "version")]
    [InlineData("version=3", "version")]
    [InlineData("", "version")]
    [InlineData("version=1&at=2026-01-01T00:00:00Z", "version")]
    public async Task A_history_query_out_of_range_is_400(string query, string field)
    {
        var id = TestNames.OrderId();
        await _http.Create(id, "C", 1m);

        (await (await _http.GetAsync($"/api/orders/{id}/history?{query}")).Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain(field);
    }

    [Fact]
    public async Task A_malformed_time_is_400_and_an_unknown_order_404()
    {
        await (await _http.GetAsync($"/api/orders/{TestNames.OrderId()}/history?at=yesterday")).Problem(HttpStatusCode.BadRequest);
        await (await _http.GetAsync($"/api/orders/{TestNames.OrderId()}/history?version=1")).Problem(HttpStatusCode.NotFound, "order.not-found");
    }

    [Fact]
    public async Task Replay_without_an_item_shows_the_total_without_it_and_changes_nothing()
    {
        var id = TestNames.OrderId();
        await _http.Create(id, "C", 10m, quantity: 2);
        (await _http.PostRaw($"/api/orders/{id}/items", """{"productId":"B","quantity":1,"unitPrice":5}""")).EnsureSuccessStatusCode();
        await _http.Place(id);
        await _http.Pay(id, 25m);
        var eventsBefore = (await (await _http.GetAsync($"/api/orders/{id}/events")).Content.ReadAsStringAsync());
        var orderBefore = (await _http.GetJson($"/api/orders/{id}")).ToJsonString();

        var response = await _http.PostRaw($"/api/orders/{id}/replay", """{"skipVersions":[3]}""");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.Json();
        result["order"]!["total"]!.GetValue<decimal>().ShouldBe(20m);
        result["order"]!["items"]!.AsArray().Select(i => i!["productId"]!.GetValue<string>()).ShouldBe(["SKU-1"]);
        result["order"]!["status"]!.GetValue<string>().ShouldBe("Paid");
        result["refused"]!.AsArray().ShouldBeEmpty();
        (await (await _http.GetAsync($"/api/orders/{id}/events")).Content.ReadAsStringAsync()).ShouldBe(eventsBefore);
        (await _http.GetJson($"/api/orders/{id}")).ToJsonString().ShouldBe(orderBefore);
    }

    [Fact]
    public async Task Replay_reports_the_events_the_rules_would_refuse_in_the_new_history()
    {
        var id = TestNames.OrderId();
        await _http.Create(id, "C", 10m);
        await _http.Place(id);
        await _http.Pay(id, 10m);

        // Without the placing (version 3), the payment (4) has no placed order; an inserted extra item after 1 is fine.
        var result = await (await _http.PostRaw($"/api/orders/{id}/replay", """
            {"skipVersions":[3],"insert":[{"afterVersion":1,"type":"ItemAdded","data":{"productId":"X","name":"Extra","quantity":1,"unitPrice":2}}]}
            """)).Json();

        var refused = result["refused"]!.AsArray().ShouldHaveSingleItem()!;
        (refused["version"]!.GetValue<int>(), refused["type"]!.GetValue<string>(), refused["code"]!.GetValue<string>())
            .ShouldBe((4, "PaymentRecorded", "order.not-placed"));
        result["order"]!["status"]!.GetValue<string>().ShouldBe("Created");
        result["order"]!["total"]!.GetValue<decimal>().ShouldBe(12m);
    }

    [Theory]
    [InlineData("""{"skipVersions":[9]}""", "skipVersions")]
    [InlineData("""{"insert":[{"afterVersion":1,"type":"OrderExploded","data":{}}]}""", "insert[0]")]
    [InlineData("""{"insert":[{"afterVersion":1,"type":"ItemAdded","data":"x"}]}""", "insert[0].data")]
    [InlineData("""{"insert":[{"type":"OrderPlaced","data":{"total":1}}]}""", "insert[0].afterVersion")]
    public async Task A_bad_replay_is_400(string body, string field)
    {
        var id = TestNames.OrderId();
        await _http.Create(id, "C", 1m);

        (await (await _http.PostRaw($"/api/orders/{id}/replay", body)).Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain(field);
    }
}
