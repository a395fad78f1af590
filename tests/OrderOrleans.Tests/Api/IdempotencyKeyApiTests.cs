using System.Net;
using OrderOrleans.Tests.Infrastructure;

namespace OrderOrleans.Tests.Api;

/// <summary>The Idempotency-Key contract: a retry gets the first answer; another request under the same key is refused; keys are per caller.</summary>
public class IdempotencyKeyApiTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private readonly HttpClient _http = silo.Client;

    private HttpClient WithKey(string apiKey)
    {
        var client = silo.App.CreateClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    [Fact]
    public async Task A_key_reused_with_another_body_or_command_is_422_naming_the_difference_and_appends_nothing()
    {
        var id = TestNames.OrderId();
        await _http.Create(id, "C", 1m);
        var key = ("Idempotency-Key", "k-" + id);
        (await _http.PostRaw($"/api/orders/{id}/items", """{"productId":"P1","quantity":1,"unitPrice":2}""", key)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var sameAgain = await _http.PostRaw($"/api/orders/{id}/items", """{"productId":"P1","quantity":1,"unitPrice":2}""", key);
        var otherProduct = await _http.PostRaw($"/api/orders/{id}/items", """{"productId":"P2","quantity":1,"unitPrice":2}""", key);
        var otherCommand = await _http.PostRaw($"/api/orders/{id}/place", "{}", key);

        sameAgain.StatusCode.ShouldBe(HttpStatusCode.OK);
        sameAgain.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        var bodyDiffers = await otherProduct.Problem(HttpStatusCode.UnprocessableEntity, "idempotency.key-reused");
        bodyDiffers["detail"]!.GetValue<string>().ShouldContain("AddItem with different values");
        var commandDiffers = await otherCommand.Problem(HttpStatusCode.UnprocessableEntity, "idempotency.key-reused");
        commandDiffers["detail"]!.GetValue<string>().ShouldContain("for a AddItem, not a PlaceOrder");
        var order = await _http.GetJson($"/api/orders/{id}");
        (order["status"]!.GetValue<string>(), order["version"]!.GetValue<int>()).ShouldBe(("Created", 3));
        order["items"]!.AsArray().Select(i => i!["productId"]!.GetValue<string>()).ShouldBe(["SKU-1", "P1"]);
    }

    [Fact]
    public async Task The_same_key_from_two_callers_makes_two_orders_and_neither_sees_the_other()
    {
        var key = ("Idempotency-Key", "shared-" + TestNames.OrderId());
        var first = await _http.PostRaw("/api/orders",
            """{"customerId":"FIRST","shippingAddress":{"line1":"1 Secret St","city":"X","country":"US"}}""", key);
        var second = await WithKey(SiloApp.WriterKey).PostRaw("/api/orders", """{"customerId":"SECOND"}""", key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created, await second.Content.ReadAsStringAsync());
        second.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        second.Headers.Location.ShouldNotBe(first.Headers.Location);
        var secondBody = await second.Content.ReadAsStringAsync();
        secondBody.ShouldNotContain("Secret");
        secondBody.ShouldContain("SECOND");
        // Each caller's retry still finds its own order.
        var firstAgain = await _http.PostRaw("/api/orders",
            """{"customerId":"FIRST","shippingAddress":{"line1":"1 Secret St","city":"X","country":"US"}}""", key);
        firstAgain.Headers.Location.ShouldBe(first.Headers.Location);
        firstAgain.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
    }
}
