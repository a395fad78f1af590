using System.Net;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>The Idempotency-Key contract: a retry gets the first answer; another request under the same key is refused; keys are per caller.</summary>
public class IdempotencyKeyApiTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private readonly HttpClient _http = silo.Client;

    private HttpClient WithKey(string apiKey) => silo.App.ClientWithKey(apiKey);

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

    [Fact]
    public async Task A_key_used_on_one_order_is_422_on_another_and_the_other_order_is_unchanged()
    {
        var (first, second) = (TestNames.OrderId(), TestNames.OrderId());
        await _http.Create(first, "C", 1m);
        await _http.Create(second, "C", 1m);
        var key = ("Idempotency-Key", "cross-" + first);
        (await _http.PostRaw($"/api/orders/{first}/items", """{"productId":"P1","quantity":1,"unitPrice":2}""", key)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var sameBodyOtherOrder = await _http.PostRaw($"/api/orders/{second}/items", """{"productId":"P1","quantity":1,"unitPrice":2}""", key);
        var otherCommandOtherOrder = await _http.PostRaw($"/api/orders/{second}/place", "{}", key);
        var retryOnFirst = await _http.PostRaw($"/api/orders/{first}/items", """{"productId":"P1","quantity":1,"unitPrice":2}""", key);

        var problem = await sameBodyOtherOrder.Problem(HttpStatusCode.UnprocessableEntity, "idempotency.key-reused");
        problem["detail"]!.GetValue<string>().ShouldContain($"order {first}");
        await otherCommandOtherOrder.Problem(HttpStatusCode.UnprocessableEntity, "idempotency.key-reused");
        retryOnFirst.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await _http.GetJson($"/api/orders/{second}"))["version"]!.GetValue<int>().ShouldBe(2);
        // Another caller's identical key is its own.
        (await WithKey(SiloApp.WriterKey).PostRaw($"/api/orders/{second}/items", """{"productId":"P1","quantity":1,"unitPrice":2}""", key))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_whose_command_was_refused_can_be_sent_again_to_the_same_order()
    {
        var id = TestNames.OrderId();
        await _http.Create(id, "C", 1m);
        var key = ("Idempotency-Key", "refused-" + id);
        await (await _http.PostRaw($"/api/orders/{id}/ship", """{"carrier":"UPS","trackingNumber":"1Z"}""", key))
            .Problem(HttpStatusCode.Conflict, "order.not-paid");

        // A refused command appends nothing; the same key on the same order is still the caller's to use.
        (await _http.PostRaw($"/api/orders/{id}/place", "{}", key)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
