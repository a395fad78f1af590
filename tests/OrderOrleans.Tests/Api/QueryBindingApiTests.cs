using System.Net;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>Unreadable query values answer 400 naming the parameter and what it must be, in the client's words.</summary>
public class QueryBindingApiTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private readonly HttpClient _http = silo.Client;

    [Theory]
    [InlineData("/api/orders/X/history?at=yesterday", "at", "ISO 8601")]
    [InlineData("/api/orders/X/history?version=two", "version", "whole number")]
    [InlineData("/api/orders?page=first", "page", "whole number")]
    [InlineData("/api/orders?from=tomorrow", "from", "ISO 8601")]
    public async Task An_unreadable_query_value_is_400_naming_the_parameter_without_NET_types(string url, string field, string expected)
    {
        var response = await _http.GetAsync(url);

        var problem = await response.Problem(HttpStatusCode.BadRequest);
        problem.ErrorFields().ShouldBe([field]);
        var detail = problem["detail"]!.GetValue<string>();
        detail.ShouldContain(expected);
        detail.ShouldNotContain("Nullable");
        detail.ShouldNotContain("Int32");
        detail.ShouldNotContain("DateTimeOffset");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }
}

/// <summary>The Host header is not trusted: other host names are refused and the OpenAPI document names only the configured server.</summary>
public class HostHeaderApiTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    [Fact]
    public async Task A_request_for_another_host_is_refused_and_the_document_names_the_configured_server()
    {
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        forged.Headers.Host = "evil.example";

        var refused = await silo.Client.SendAsync(forged);
        var document = await silo.Client.GetStringAsync("/openapi/v1.json");

        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        document.ShouldNotContain("evil.example");
        System.Text.Json.Nodes.JsonNode.Parse(document)!["servers"]!.AsArray().Select(s => s!["url"]!.GetValue<string>())
            .ShouldBe([OrderOrleans.Silo.OpenApi.OpenApiHosting.DefaultServerUrl]);
    }
}
