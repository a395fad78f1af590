using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderOrleans.Grains.Projections.Tallies;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>Read your own writes: a query sent with a command's Consistency-Token shows that command's effect, or says the views are behind.</summary>
public sealed class ConsistencyTokenTests : IAsyncLifetime
{
    private SiloApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        // One tally turn, so a test can hold the tally views back; a short wait, so being behind is told quickly.
        _app = new SiloApp((await AzuriteServer.Shared).ConnectionString)
        {
            Settings = { ["OrderOrleans:Projections:TallyStoresAtOnce"] = "1", ["OrderOrleans:Projections:ConsistencyWait"] = "00:00:01" },
        };
        _http = _app.CreateClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_list_query_with_the_commands_token_shows_its_effect_100_times_out_of_100()
    {
        var customer = TestNames.OrderId("token-c");
        var orderId = "";
        for (var i = 0; i < 50; i++)
        {
            orderId = TestNames.OrderId($"token-{i}");
            var created = await _http.PostAsJsonAsync("/api/orders", new { orderId, customerId = customer, items = new[] { new { productId = "P", quantity = 1, unitPrice = 2m } } });
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
            (await StatusInList(customer, orderId, Token(created))).ShouldBe("Created");
            var placed = await _http.PostAsync($"/api/orders/{orderId}/place", null);
            placed.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await StatusInList(customer, orderId, Token(placed))).ShouldBe("Placed");
        }
        var last = await _http.PostAsJsonAsync($"/api/orders/{orderId}/payments", new { amount = 2m });
        var token = Token(last);
        (await Get($"/api/customers/{customer}", token))["paidCount"]!.GetValue<int>().ShouldBe(1);
        (await Get("/api/products/P", token))["orders"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(50);
        (await Get("/api/analytics/summary", token))["byStatus"].ShouldNotBeNull();
        // GraphQL: the mutation's answer carries the token, and the query takes it as an argument.
        var graph = await _http.Data($$"""mutation { createOrder(input: { customerId: "{{customer}}" }) { orderId consistencyToken } }""");
        var (newOrder, graphToken) = (graph["createOrder"]!["orderId"]!.GetValue<string>(), graph["createOrder"]!["consistencyToken"]!.GetValue<string>());
        var listed = await _http.Data($$"""{ orders(customerId: "{{customer}}", first: 1, consistencyToken: "{{graphToken}}") { edges { node { orderId } } } }""");
        listed["orders"]!["edges"]![0]!["node"]!["orderId"]!.GetValue<string>().ShouldBe(newOrder);
    }

    [Fact]
    public async Task With_the_view_held_back_a_query_with_a_token_answers_503_within_the_bound_and_a_bad_token_400()
    {
        var (customer, orderId) = (TestNames.OrderId("token-stall-c"), TestNames.OrderId("token-stall"));
        var release = new TaskCompletionSource();
        var held = _app.Services.GetRequiredService<TallyStoreTurns>().InTurn(() => release.Task);
        var created = await _http.PostAsJsonAsync("/api/orders", new { orderId, customerId = customer });
        var token = Token(created);

        var clock = Stopwatch.StartNew();
        var behind = await Send($"/api/customers/{customer}", token);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
        await behind.Problem(HttpStatusCode.ServiceUnavailable, "projection.behind");
        behind.Headers.RetryAfter.ShouldNotBeNull();
        var (code, _, _) = await _http.Error($$"""{ customer(id: "{{customer}}", consistencyToken: "{{token}}") { orderCount } }""");
        code.ShouldBe("projection.behind");
        // The order list does not take tally turns: it holds the change already.
        (await Send($"/api/orders?customerId={customer}", token)).StatusCode.ShouldBe(HttpStatusCode.OK);

        release.SetResult();
        await held;
        (await Get($"/api/customers/{customer}", token))["orderCount"]!.GetValue<int>().ShouldBe(1);

        var bad = await Send("/api/orders", "not-a-token");
        (await bad.Problem(HttpStatusCode.BadRequest, "request.invalid")).ErrorFields().ShouldBe(["Consistency-Token"]);
    }

    private static string Token(HttpResponseMessage response) => response.Headers.GetValues("Consistency-Token").Single();

    private async Task<string> StatusInList(string customer, string orderId, string token)
    {
        var page = await Get($"/api/orders?customerId={customer}&pageSize=100", token);
        return page["items"]!.AsArray().Single(o => o!["orderId"]!.GetValue<string>() == orderId)!["status"]!.GetValue<string>();
    }

    private async Task<System.Text.Json.Nodes.JsonObject> Get(string url, string token)
    {
        var response = await Send(url, token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private Task<HttpResponseMessage> Send(string url, string token) => _http.Send(HttpMethod.Get, url, null, [("Consistency-Token", token)]);
}
