using System.Diagnostics;
using System.Net;
using OrderOrleans.Testing;
using OrderOrleans.Tests.Infrastructure;

namespace OrderOrleans.Tests.Api;

/// <summary>A faulty-stream silo whose health turns Degraded after two seconds of lag, so a test need not wait 30.</summary>
public sealed class LaggingStreamSilo : FaultyStreamSilo
{
    protected override Dictionary<string, string> Settings => new() { ["OrderOrleans:Delivery:LagDegradedAfter"] = "00:00:02" };
}

/// <summary>A faulty-stream silo that may hold only six undelivered events and paces commands for at most 200 ms.</summary>
public sealed class SmallOutboxSilo : FaultyStreamSilo
{
    protected override Dictionary<string, string> Settings => new()
    {
        ["OrderOrleans:Delivery:Capacity"] = "6",
        ["OrderOrleans:Delivery:PaceWhenBehind"] = "00:00:00.100",
        ["OrderOrleans:Delivery:MaxPaceWait"] = "00:00:00.200",
    };
}

/// <summary>Back-pressure: while delivery stalls, commands first slow down, then answer 503 with Retry-After, and lose nothing.</summary>
public class OutboxBackPressureTests(SmallOutboxSilo silo) : IClassFixture<SmallOutboxSilo>
{
    private readonly HttpClient _http = silo.Client;

    [Fact]
    public async Task A_full_outbox_refuses_commands_with_retry_after_and_a_retry_with_the_key_lands_once_delivery_resumes()
    {
        var customer = TestNames.OrderId("full");
        silo.Faults.DeliveryStalled = true;
        HttpResponseMessage refused;
        string refusedOrder;
        var accepted = new List<string>();
        try
        {
            // Each create holds two events: three fill the outbox.
            for (var i = 0; i < 3; i++)
            {
                var order = TestNames.OrderId($"full{i}");
                (await _http.PostRaw("/api/orders", $$"""{"orderId":"{{order}}","customerId":"{{customer}}","items":[{"productId":"P","quantity":1,"unitPrice":2}]}"""))
                    .StatusCode.ShouldBe(HttpStatusCode.Created);
                accepted.Add(order);
            }
            // Once the held events are older than PaceWhenBehind, the next command is paced first, then refused.
            await Eventually.Until(() => _http.GetJson("/api/projections/order-list"), p => p["lag"]!["oldestBehindMs"]!.GetValue<double>() > 300);
            refusedOrder = TestNames.OrderId("full3");
            var clock = Stopwatch.StartNew();
            refused = await _http.PostRaw("/api/orders", $$"""{"orderId":"{{refusedOrder}}","customerId":"{{customer}}","items":[{"productId":"P","quantity":1,"unitPrice":2}]}""");
            clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150));
            var problem = await refused.Problem(HttpStatusCode.ServiceUnavailable, "delivery.backlog-full");
            refused.Headers.RetryAfter.ShouldNotBeNull();
            var commandId = problem["commandId"]!.GetValue<string>();
            accepted.Count.ShouldBe(3);

            silo.Faults.DeliveryStalled = false;
            var retried = await Eventually.Until(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
                {
                    Content = new StringContent($$"""{"orderId":"{{refusedOrder}}","customerId":"{{customer}}","items":[{"productId":"P","quantity":1,"unitPrice":2}]}""", System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("Idempotency-Key", commandId);
                return await _http.SendAsync(request);
            }, r => r.StatusCode == HttpStatusCode.Created);
            retried.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        finally
        {
            silo.Faults.DeliveryStalled = false;
        }

        await Eventually.Until(() => _http.GetJson($"/api/orders?customerId={customer}"), p => p["totalCount"]!.GetValue<int>() == 4);
        (await _http.GetJson("/api/admin/verify"))["differences"]!.AsArray().ShouldBeEmpty();
    }
}

/// <summary>What a slow or stalled queue does to commands, to the queue's load, and to the lag the service reports.</summary>
public class DeliveryUnderLoadTests(LaggingStreamSilo silo) : IClassFixture<LaggingStreamSilo>
{
    private static readonly TimeSpan s_queueDelay = TimeSpan.FromMilliseconds(400);
    private readonly HttpClient _http = silo.Client;

    [Fact]
    public async Task With_every_queue_call_slow_commands_keep_answering_sends_stay_within_budget_and_the_views_catch_up_after()
    {
        var customer = TestNames.OrderId("slowq");
        var orders = Enumerable.Range(0, 40).Select(i => TestNames.OrderId($"s{i}")).ToArray();
        silo.Faults.QueueDelay = s_queueDelay;
        var since = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        // 120 commands from 8 clients at once, while every queue call takes 400 ms.
        var answers = await Task.WhenAll(orders.Chunk(5).Select(async chunk =>
        {
            var answered = new List<(HttpStatusCode Status, TimeSpan Took)>();
            foreach (var order in chunk)
            {
                foreach (var (url, body) in new[]
                {
                    ("/api/orders", $$"""{"orderId":"{{order}}","customerId":"{{customer}}","items":[{"productId":"P","quantity":1,"unitPrice":2}]}"""),
                    ($"/api/orders/{order}/place", "{}"),
                    ($"/api/orders/{order}/payments", """{"amount":2}"""),
                })
                {
                    var took = Stopwatch.StartNew();
                    var status = (await _http.PostRaw(url, body)).StatusCode;
                    answered.Add((status, took.Elapsed));
                }
            }
            return answered;
        }));
        await Task.Delay(s_queueDelay * 3);
        var sends = silo.Faults.SendsSince(since);
        var window = clock.Elapsed;
        silo.Faults.QueueDelay = TimeSpan.Zero;

        answers.SelectMany(a => a).ShouldAllBe(a => a.Status == HttpStatusCode.Created || a.Status == HttpStatusCode.OK);
        // Commands do not wait for the queue, only for the pacing (at most MaxPaceWait, 1 s) once delivery falls behind.
        answers.SelectMany(a => a).Max(a => a.Took).ShouldBeLessThan(TimeSpan.FromSeconds(2.5));
        // One message per shard at a time, each taking at least the delay: a fixed budget, whatever the number of orders.
        var budget = ShardDelivery.Shards(silo.App.Services) * (int)Math.Ceiling(window / s_queueDelay);
        sends.ShouldBeLessThanOrEqualTo(budget);
        sends.ShouldBeLessThan(orders.Length * 3, "changes of many orders share a message");

        var page = await Eventually.Until(() => _http.GetJson($"/api/orders?customerId={customer}&status=Paid&pageSize=100"),
            p => p["totalCount"]!.GetValue<int>() == orders.Length, TimeSpan.FromSeconds(30));
        page["items"]!.AsArray().ShouldAllBe(o => o!["version"]!.GetValue<int>() == 4);
        await Eventually.Until(() => _http.GetJson("/api/projections/order-list"), p => p["lag"]!["eventsBehind"]!.GetValue<long>() == 0);
    }

    [Fact]
    public async Task A_stalled_delivery_shows_as_growing_lag_and_degraded_health_and_clears_when_delivery_resumes()
    {
        var customer = TestNames.OrderId("stall");
        var orders = Enumerable.Range(0, 5).Select(i => TestNames.OrderId($"t{i}")).ToArray();
        silo.Faults.DeliveryStalled = true;
        try
        {
            foreach (var order in orders)
            {
                await _http.Create(order, customer, 3m);
            }

            // Each create is two events; none reaches a view while delivery stalls.
            var lagging = await Eventually.Until(() => _http.GetJson("/api/projections/order-list"),
                p => p["lag"]!["eventsBehind"]!.GetValue<long>() >= 2 * orders.Length && p["lag"]!["oldestBehindMs"]!.GetValue<double>() > 2_000,
                TimeSpan.FromSeconds(20));
            lagging["state"]!.GetValue<string>().ShouldBe("Degraded");
            (await _http.GetStringAsync("/health")).ShouldBe("Degraded");
            var later = await Eventually.Until(() => _http.GetJson("/api/projections/order-list"),
                p => p["lag"]!["oldestBehindMs"]!.GetValue<double>() > lagging["lag"]!["oldestBehindMs"]!.GetValue<double>() + 1_000);
            later["lag"]!["eventsBehind"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(2 * orders.Length);
            (await _http.GetJson($"/api/orders?customerId={customer}"))["totalCount"]!.GetValue<int>().ShouldBe(0);
        }
        finally
        {
            silo.Faults.DeliveryStalled = false;
        }

        await Eventually.Until(() => _http.GetJson($"/api/orders?customerId={customer}"), p => p["totalCount"]!.GetValue<int>() == orders.Length);
        var caughtUp = await Eventually.Until(() => _http.GetJson("/api/projections/order-list"),
            p => p["lag"]!["eventsBehind"]!.GetValue<long>() == 0 && p["state"]!.GetValue<string>() == "Live");
        caughtUp["lag"]!["trend"]!.AsArray().ShouldContain(s => s!["eventsBehind"]!.GetValue<long>() >= 2 * orders.Length);
        await Eventually.Until(() => _http.GetStringAsync("/health"), h => h == "Healthy");
    }
}
