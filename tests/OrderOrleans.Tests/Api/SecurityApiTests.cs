using System.Net;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>API keys and scopes (401/403), the key's name on the events, the body size limit (413).</summary>
public class SecurityApiTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private HttpClient Anonymous()
    {
        var client = silo.App.CreateClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        return client;
    }

    private HttpClient WithKey(string key)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    [Theory]
    [InlineData("GET", "/api/orders")]
    [InlineData("GET", "/api/orders/x")]
    [InlineData("POST", "/api/orders")]
    [InlineData("GET", "/api/projections")]
    [InlineData("GET", "/api/customers/x")]
    [InlineData("GET", "/api/analytics/summary")]
    public async Task Without_a_key_the_API_answers_401(string method, string path)
    {
        var response = await Anonymous().Send(new HttpMethod(method), path, method == "POST" ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : null);

        await response.Problem(HttpStatusCode.Unauthorized, "auth.key-required");
    }

    [Fact]
    public async Task A_wrong_key_is_401_saying_the_key_is_not_valid_rather_than_missing()
    {
        var wrong = await (await WithKey("not-a-key").GetAsync("/api/orders")).Problem(HttpStatusCode.Unauthorized, "auth.key-required");
        wrong["title"]!.GetValue<string>().ShouldBe("The API key is not valid");
        var missing = await (await Anonymous().GetAsync("/api/orders")).Problem(HttpStatusCode.Unauthorized, "auth.key-required");
        missing["title"]!.GetValue<string>().ShouldBe("An API key is required");
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_415_saying_what_to_send()
    {
        var response = await WithKey(SiloApp.TestKey).PostAsync("/api/orders", new StringContent("customerId=C", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        var problem = await response.Problem(HttpStatusCode.UnsupportedMediaType, "request.unsupported-media-type");
        problem["detail"]!.GetValue<string>().ShouldContain("Content-Type: application/json");
    }

    [Fact]
    public async Task Health_and_the_API_description_stay_open()
    {
        (await Anonymous().GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Anonymous().GetAsync("/alive")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Anonymous().GetAsync("/openapi/v1.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_read_key_cannot_write_and_a_write_key_cannot_read_or_operate()
    {
        var reader = WithKey(SiloApp.ReaderKey);
        var writer = WithKey(SiloApp.WriterKey);
        var id = TestNames.OrderId();

        await (await reader.PostRaw("/api/orders", $$"""{"orderId":"{{id}}","customerId":"C"}""")).Problem(HttpStatusCode.Forbidden, "auth.scope-missing");
        (await writer.PostRaw("/api/orders", $$"""{"orderId":"{{id}}","customerId":"C"}""")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await writer.GetAsync($"/api/orders/{id}")).Problem(HttpStatusCode.Forbidden, "auth.scope-missing");
        (await reader.GetAsync($"/api/orders/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await reader.PostAsync("/api/projections/order-list/rebuild", null)).Problem(HttpStatusCode.Forbidden, "auth.scope-missing");
    }

    [Fact]
    public async Task The_key_name_becomes_the_events_user()
    {
        var id = TestNames.OrderId();
        (await WithKey(SiloApp.WriterKey).PostRaw("/api/orders", $$"""{"orderId":"{{id}}","customerId":"C"}""")).EnsureSuccessStatusCode();

        var events = await (await silo.Client.GetAsync($"/api/orders/{id}/events")).JsonArray();

        events.ShouldAllBe(e => e!["userId"]!.GetValue<string>() == "writer");
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413_and_stores_nothing()
    {
        var id = TestNames.OrderId();
        var huge = $$$"""{"orderId":"{{{id}}}","customerId":"C","currency":"USD","shippingAddress":{"line1":"{{{new string('x', 70_000)}}}","city":"c","country":"US"}}""";

        var response = await silo.Client.PostRaw("/api/orders", huge);

        await response.Problem(HttpStatusCode.RequestEntityTooLarge, "request.too-large");
        (await silo.Client.GetAsync($"/api/orders/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_key_holds_at_most_ten_live_feed_streams_and_a_closed_one_frees_its_slot()
    {
        var reader = WithKey(SiloApp.ReaderKey);
        var open = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
        {
            var stream = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/events/stream"), HttpCompletionOption.ResponseHeadersRead);
            stream.StatusCode.ShouldBe(HttpStatusCode.OK);
            open.Add(stream);
        }

        var eleventh = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/events/stream"), HttpCompletionOption.ResponseHeadersRead);
        var otherKey = await WithKey(SiloApp.TestKey).SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/events/stream"), HttpCompletionOption.ResponseHeadersRead);

        await eleventh.Problem(HttpStatusCode.TooManyRequests, "feed.too-many-streams");
        eleventh.Headers.RetryAfter.ShouldNotBeNull();
        otherKey.StatusCode.ShouldBe(HttpStatusCode.OK);
        otherKey.Dispose();
        open[0].Dispose();
        var again = await Eventually.Until<HttpResponseMessage>(
            () => reader.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/events/stream"), HttpCompletionOption.ResponseHeadersRead),
            r => r.StatusCode == HttpStatusCode.OK);
        again.Dispose();
        open.ForEach(r => r.Dispose());
    }
}

public sealed class RateLimitTests : IAsyncLifetime
{
    private SiloApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = new SiloApp((await AzuriteServer.Shared).ConnectionString) { PermitsPerSecond = 5 };
        _app.UseKestrel(0);
        _app.StartServer();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Past_the_limit_a_key_gets_429_with_Retry_After()
    {
        var http = _app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 20 && limited is null; i++)
        {
            var response = await http.GetAsync("/api/analytics/summary");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        limited.ShouldNotBeNull($"no 429 in {string.Join(", ", statuses)}");
        await limited.Problem(HttpStatusCode.TooManyRequests, "rate-limit.exceeded");
        limited.Headers.RetryAfter.ShouldNotBeNull();
        statuses.Count(s => s == HttpStatusCode.OK).ShouldBeGreaterThanOrEqualTo(5);
    }

    [Theory]
    [InlineData("/api/cluster")]
    [InlineData("/api/events/stream?orderId=none")]
    public async Task Every_api_route_counts_against_the_key_s_limit(string url)
    {
        var http = _app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            statuses.Add(response.StatusCode);
        }

        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Verify_counts_against_the_key_s_limit()
    {
        // Each verify folds the whole log, so a burst of them is what the limit is for.
        var http = _app.CreateClient();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ => (await http.GetAsync("/api/admin/verify")).StatusCode));
        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
        statuses.ShouldContain(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Requests_without_a_valid_key_are_limited_per_client_address()
    {
        var anonymous = _app.CreateClient();
        anonymous.DefaultRequestHeaders.Remove("X-Api-Key");
        anonymous.DefaultRequestHeaders.Add("X-Api-Key", "guess-" + Guid.NewGuid().ToString("N"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            statuses.Add((await anonymous.GetAsync("/api/orders")).StatusCode);
        }

        statuses.ShouldContain(HttpStatusCode.Unauthorized);
        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
    }
}
