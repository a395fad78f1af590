using System.Net;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>Every broken rule answers 409 or 422 with a problem that names the rule, and changes nothing.</summary>
public class BrokenRuleApiTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private readonly HttpClient _http = silo.Client;

    public enum Stage { Created, Empty, Placed, Paid, Shipped, Delivered }

    public static TheoryData<Stage, string, string, int, string> Cases => new()
    {
        { Stage.Placed, "items", """{"productId":"SKU-9","quantity":1,"unitPrice":1}""", 409, "order.items-locked" },
        { Stage.Placed, "cancel-then-add", """{"productId":"SKU-9","quantity":1,"unitPrice":1}""", 409, "order.items-locked" },
        { Stage.Created, "items", """{"productId":"SKU-1","quantity":1,"unitPrice":7}""", 422, "item.price-mismatch" },
        { Stage.Empty, "place", "", 422, "order.no-items" },
        { Stage.Placed, "place", "", 409, "order.not-created" },
        { Stage.Created, "payments", """{"amount":20}""", 409, "order.not-placed" },
        { Stage.Placed, "payments", """{"amount":19.99}""", 422, "payment.insufficient" },
        { Stage.Placed, "ship", """{"carrier":"UPS","trackingNumber":"1Z"}""", 409, "order.not-paid" },
        { Stage.Paid, "deliver", """{"signedBy":"Ann"}""", 409, "order.not-shipped" },
        { Stage.Shipped, "cancel", """{"reason":"late"}""", 409, "order.not-cancellable" },
        { Stage.Delivered, "cancel", """{"reason":"late"}""", 409, "order.not-cancellable" },
        { Stage.Created, "remove", "", 422, "item.not-in-order" },
        { Stage.Created, "create", "", 409, "order.already-exists" },
    };

    [Fact]
    public async Task A_refused_create_without_an_order_id_names_no_order_and_one_with_an_id_names_it()
    {
        const string TwoPrices = "\"items\":[{\"productId\":\"A\",\"quantity\":1,\"unitPrice\":1},{\"productId\":\"A\",\"quantity\":1,\"unitPrice\":2}]";
        var generated = await (await _http.PostRaw("/api/orders", $$"""{"customerId":"C",{{TwoPrices}}}""")).Problem((HttpStatusCode)422, "item.price-mismatch");
        generated.ContainsKey("orderId").ShouldBeFalse(generated.ToJsonString());
        var orderId = TestNames.OrderId("refused");
        var named = await (await _http.PostRaw("/api/orders", $$"""{"orderId":"{{orderId}}","customerId":"C",{{TwoPrices}}}""")).Problem((HttpStatusCode)422, "item.price-mismatch");
        named["orderId"]!.GetValue<string>().ShouldBe(orderId);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_broken_rule_answers_a_problem_naming_it_and_appends_nothing(Stage stage, string command, string body, int status, string code)
    {
        var id = await OrderAt(stage);
        var before = await EventCount(id);

        var response = command switch
        {
            "remove" => await _http.DeleteAsync($"/api/orders/{id}/items/SKU-9"),
            "create" => await _http.PostRaw("/api/orders", $$"""{"orderId":"{{id}}","customerId":"C"}"""),
            "cancel-then-add" => await _http.PostRaw($"/api/orders/{id}/items", body),
            _ => await _http.PostRaw($"/api/orders/{id}/{command}", body.Length == 0 ? "{}" : body),
        };

        var problem = await response.Problem((HttpStatusCode)status, code);
        problem["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        problem["orderId"]!.GetValue<string>().ShouldBe(id);
        (await EventCount(id)).ShouldBe(before);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/events")]
    [InlineData("POST", "/place")]
    [InlineData("POST", "/cancel")]
    public async Task An_unknown_order_is_404(string method, string suffix)
    {
        var response = method == "GET"
            ? await _http.GetAsync($"/api/orders/{TestNames.OrderId("missing")}{suffix}")
            : await _http.PostRaw($"/api/orders/{TestNames.OrderId("missing")}{suffix}", """{"reason":"x"}""");

        await response.Problem(HttpStatusCode.NotFound, "order.not-found");
    }

    private async Task<string> OrderAt(Stage stage)
    {
        var id = TestNames.OrderId();
        var items = stage == Stage.Empty ? "[]" : """[{"productId":"SKU-1","quantity":2,"unitPrice":10}]""";
        (await _http.PostRaw("/api/orders", $$"""{"orderId":"{{id}}","customerId":"C","items":{{items}}}""")).EnsureSuccessStatusCode();
        var steps = new[] { ("place", ""), ("payments", """{"amount":20}"""), ("ship", """{"carrier":"UPS","trackingNumber":"1Z"}"""), ("deliver", """{"signedBy":"Ann"}""") };
        var count = stage switch { Stage.Placed => 1, Stage.Paid => 2, Stage.Shipped => 3, Stage.Delivered => 4, _ => 0 };
        foreach (var (command, body) in steps.Take(count))
        {
            (await _http.PostRaw($"/api/orders/{id}/{command}", body.Length == 0 ? "{}" : body)).EnsureSuccessStatusCode();
        }
        return id;
    }

    private async Task<int> EventCount(string id) => (await (await _http.GetAsync($"/api/orders/{id}/events")).JsonArray()).Count;
}
