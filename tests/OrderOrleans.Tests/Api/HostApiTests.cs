using System.Net;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

public class HostApiTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private readonly HttpClient _http = silo.Client;

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        var response = await _http.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_order_route_and_its_problems()
    {
        var document = await (await _http.GetAsync("/openapi/v1.json")).Json();

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldBe(
            ["/api/orders", "/api/orders/{orderId}/items", "/api/orders/{orderId}/items/{productId}", "/api/orders/{orderId}/place",
             "/api/orders/{orderId}/payments", "/api/orders/{orderId}/ship", "/api/orders/{orderId}/deliver", "/api/orders/{orderId}/cancel",
             "/api/orders/{orderId}", "/api/orders/{orderId}/events", "/api/customers", "/api/customers/{customerId}", "/api/customers/{customerId}/personal-data", "/api/customers/{customerId}/personal-data/legacy-erasure", "/api/analytics/summary",
             "/api/projections", "/api/projections/{name}", "/api/projections/{name}/rebuild", "/api/projections/{name}/dead-letters",
             "/api/projections/{name}/dead-letters/{orderId}/{version}/retry", "/api/events/stream", "/api/orders/{orderId}/history", "/api/orders/{orderId}/replay", "/api/cluster", "/api/admin/verify",
             "/api/products", "/api/products/{productId}"],
            ignoreOrder: true);
        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        (scheme["type"]!.GetValue<string>(), scheme["in"]!.GetValue<string>(), scheme["name"]!.GetValue<string>()).ShouldBe(("apiKey", "header", "X-Api-Key"));
        document["security"]!.AsArray().Single()!.AsObject().Select(r => r.Key).ShouldBe(["ApiKey"]);
        var operations = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (Route: $"{o.Key} {p.Key}", Operation: o.Value!))).ToList();
        operations.Where(o => o.Operation["operationId"] is null || o.Operation["summary"] is null).Select(o => o.Route).ShouldBeEmpty();
        // Each says which scope its key needs.
        operations.Where(o => o.Operation["description"]?.GetValue<string>().Contains("Scope: `", StringComparison.Ordinal) != true).Select(o => o.Route).ShouldBeEmpty();
        var pay = document["paths"]!["/api/orders/{orderId}/payments"]!["post"]!;
        pay["parameters"]!.AsArray().Where(p => p!["in"]!.GetValue<string>() == "header").Select(p => p!["name"]!.GetValue<string>())
            .ShouldBe(["Idempotency-Key", "If-Match", "X-Correlation-Id"]);
        pay["responses"]!["200"]!["headers"]!.AsObject().Select(h => h.Key).ShouldContain("ETag");
        pay["responses"]!["503"]!["headers"]!.AsObject().Select(h => h.Key).ShouldBe(["Retry-After"]);
        pay["responses"]!["422"]!["description"]!.GetValue<string>().ShouldContain("`payment.insufficient`");
        var place = document["paths"]!["/api/orders/{orderId}/place"]!["post"]!["responses"]!.AsObject().Select(r => r.Key);
        place.ShouldBe(["200", "400", "401", "403", "404", "409", "412", "413", "422", "429", "503"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_cluster_lists_this_silo_as_active_and_the_Orleans_dashboard_is_off_outside_Development()
    {
        var silos = await (await _http.GetAsync("/api/cluster")).JsonArray();

        silos.ShouldContain(s => s!["status"]!.GetValue<string>() == "Active");
        (await _http.GetAsync("/orleans")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _http.GetAsync("/orleans/Trace")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_Scalar_UI_is_served()
    {
        var response = await _http.GetAsync("/scalar");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("<html", Case.Insensitive);
    }
}
