using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderOrleans.Grains.Delivery;
using OrderOrleans.Silo.Endpoints;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>Storage goes away mid-run (its own Azurite, killed and restarted): commands answer 503 fast, nothing half-written.</summary>
public sealed class StorageOutageApiTests : IAsyncLifetime
{
    private AzuriteServer _azurite = null!;
    private SiloApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync(persistent: true);
        _app = new SiloApp(_azurite.ConnectionString, services: s => s.AddLogging(b => b.AddFakeLogging()));
        _http = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task Commands_answer_503_quickly_while_storage_is_down_and_apply_at_most_once_after_it_returns()
    {
        var active = TestNames.OrderId("active");
        (await _http.PostRaw("/api/orders", $$"""{"orderId":"{{active}}","customerId":"C","items":[{"productId":"A","quantity":1,"unitPrice":2}]}"""))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var fresh = TestNames.OrderId("fresh");
        var item = """{"productId":"B","quantity":3,"unitPrice":1.5}""";

        _azurite.Stop();

        var clock = Stopwatch.StartNew();
        var add = await _http.PostRaw($"/api/orders/{active}/items", item);
        var place = await _http.PostRaw($"/api/orders/{active}/place", "{}", ("Idempotency-Key", "outage-place"));
        var create = await _http.PostRaw("/api/orders", $$"""{"orderId":"{{fresh}}","customerId":"C"}""", ("Idempotency-Key", "outage-create"));
        var read = await _http.GetAsync($"/api/orders/{active}/events");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        foreach (var response in new[] { add, place, create, read })
        {
            await response.Problem(HttpStatusCode.ServiceUnavailable, "storage.unavailable");
            response.Headers.RetryAfter.ShouldNotBeNull();
        }
        // GraphQL answers the same code, in its errors.
        var (code, path, _) = await _http.Error($$"""{ order(id: "{{active}}") { events { version } } }""");
        (code, path).ShouldBe(("storage.unavailable", "order.events"));
        // The add reached the grain and waits for storage; its problem names the key that makes a retry safe.
        var addKey = (await add.Json())["commandId"]!.GetValue<string>();

        await _azurite.RestartAsync();

        // Retrying with the keys converges on exactly one outcome each, whether the first attempt landed late or not.
        var added = await RetryWhileUnavailable(() => _http.PostRaw($"/api/orders/{active}/items", item, ("Idempotency-Key", addKey)));
        added.StatusCode.ShouldBe(HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
        (await added.Json())["total"]!.GetValue<decimal>().ShouldBe(6.5m);
        var placed = await RetryWhileUnavailable(() => _http.PostRaw($"/api/orders/{active}/place", "{}", ("Idempotency-Key", "outage-place")));
        placed.StatusCode.ShouldBe(HttpStatusCode.OK, await placed.Content.ReadAsStringAsync());
        var created = await RetryWhileUnavailable(
            () => _http.PostRaw("/api/orders", $$"""{"orderId":"{{fresh}}","customerId":"C"}""", ("Idempotency-Key", "outage-create")));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var events = await (await _http.GetAsync($"/api/orders/{active}/events")).JsonArray();
        events.Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["OrderCreated", "ItemAdded", "ItemAdded", "OrderPlaced"]);
        events.Select(e => e!["version"]!.GetValue<int>()).ShouldBe([1, 2, 3, 4]);
        (await (await _http.GetAsync($"/api/orders/{fresh}/events")).JsonArray()).Count.ShouldBe(1);
        // The projections catch up with the log: nothing lost, duplicated or out of order in the views.
        var report = await Eventually.Until(() => _http.GetJson("/api/admin/verify"),
            r => r["differences"]!.AsArray().Count == 0, TimeSpan.FromSeconds(30));
        report["checkedOrders"]!.GetValue<int>().ShouldBe(2);

        // Logs stay bounded: the outage is counted once per interval, without stack traces, whatever the queue calls and 503s.
        var logs = _app.Services.GetFakeLogCollector().GetSnapshot();
        logs.ShouldNotContain(r => r.Category == QueueTrouble.QuietCategory || r.Category!.StartsWith("Orleans.Streams", StringComparison.Ordinal));
        logs.ShouldNotContain(r => r.Category == typeof(ApiExceptionHandler).FullName && r.Exception != null);
        logs.Count(r => r.Category == typeof(QueueTrouble).FullName).ShouldBeInRange(1, 4);
        logs.Count(r => r.Category == typeof(ApiExceptionHandler).FullName && r.Message.Contains("answered 503", StringComparison.Ordinal)).ShouldBeInRange(1, 4);
    }

    [Fact]
    public async Task While_storage_hangs_commands_and_reads_answer_503_within_the_command_timeout()
    {
        await using var app = new SiloApp(_azurite.ConnectionString) { Settings = { ["OrderOrleans:CommandTimeout"] = "00:00:01" } };
        var http = app.CreateClient();
        var active = TestNames.OrderId("hang-active");
        (await http.PostRaw("/api/orders", $$"""{"orderId":"{{active}}","customerId":"C","items":[{"productId":"A","quantity":1,"unitPrice":2}]}"""))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        _azurite.Pause();
        try
        {
            var requests = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
            {
                ("add", () => http.PostRaw($"/api/orders/{active}/items", """{"productId":"B","quantity":1,"unitPrice":1}""")),
                ("place with a key", () => http.PostRaw($"/api/orders/{active}/place", "{}", ("Idempotency-Key", "hang-place"))),
                ("create", () => http.PostRaw("/api/orders", $$"""{"orderId":"{{TestNames.OrderId("hang-fresh")}}","customerId":"C"}""")),
                ("read a new order", () => http.GetAsync($"/api/orders/{TestNames.OrderId("hang-unknown")}")),
                ("events", () => http.GetAsync($"/api/orders/{active}/events")),
                ("history", () => http.GetAsync($"/api/orders/{active}/history?version=1")),
            };
            foreach (var (name, send) in requests)
            {
                // The outage is storage that never answers, where each try waits its network timeout (5 s) three times.
                var clock = Stopwatch.StartNew();
                var response = await send();
                clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4), name);
                await response.Problem(HttpStatusCode.ServiceUnavailable, "storage.unavailable");
            }
        }
        finally
        {
            _azurite.Resume();
        }
    }

    private static Task<HttpResponseMessage> RetryWhileUnavailable(Func<Task<HttpResponseMessage>> send) =>
        Eventually.Until(send, r => r.StatusCode != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
}
