using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OrderOrleans.Benchmarks.Load;

namespace OrderOrleans.Benchmarks.Sustained;

/// <summary>
/// While the load runs, one more client uses the service's other features in turn, as an integration and an operator
/// would, and checks each answer against what the README promises: a sealed address, If-Match and Idempotency-Key,
/// shipping, conditional reads, the audit trail, temporal queries, what-if replay, the read models (customer, list,
/// product, analytics) showing the order within five seconds, GraphQL and (every tenth round) erasure. Each check keeps its latency and
/// whether it held; <see cref="Broken"/> lists what did not.
/// </summary>
public sealed class FeatureChecks(HttpClient http, string run)
{
    private static readonly TimeSpan s_visibleWithin = TimeSpan.FromSeconds(5);
    private static readonly object s_address = new { recipient = "Ann Probe", line1 = "1 Load Street", city = "Paris", postalCode = "75001", country = "FR" };
    private static readonly object[] s_items = [new { productId = "SKU-PROBE", name = "Probe", quantity = 2, unitPrice = 3.5m }];
    private static readonly object s_payment = new { amount = 7m, method = "card" };
    private static readonly object s_withoutPayment = new { skipVersions = new[] { 4 } };
    // One round at a time, one check at a time: read once the rounds are done.
    private readonly Dictionary<string, CheckRecord> _checks = new(StringComparer.Ordinal);
    private readonly List<string> _broken = [];

    /// <summary>Orders the checks created (they are in the list, the analytics and the log beside the load's).</summary>
    public int Created { get; private set; }

    public IEnumerable<string> Broken => _broken;

    public int Failures => _checks.Values.Sum(c => c.Failed);

    /// <summary>Rounds of every check until <paramref name="stop"/>; a round in progress completes, so no order is left half-way.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            await RoundAsync(round, $"{run}-probe-{round}", $"{run}-probe-c{round}");
        }
    }

    /// <summary>"| check | runs | failed | p50 ms | p99 ms |" rows.</summary>
    public List<string> Table() =>
    [
        "| feature check during the load | runs | failed | p50 ms | p99 ms |",
        "|---|---|---|---|---|",
        .. _checks.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c =>
        {
            var latencies = new Latencies(c.Value.Latencies);
            return string.Create(CultureInfo.InvariantCulture,
                $"| {c.Key} | {latencies.Count} | {c.Value.Failed} | {latencies[50]:0.0} | {latencies[99]:0.0} |");
        }),
    ];

    private async Task RoundAsync(int round, string orderId, string customerId)
    {
        var created = false;
        await Check("create with a shipping address: 201, the address in the answer", () => Send(HttpMethod.Post, "/api/orders",
                new { orderId, customerId, shippingAddress = s_address, items = s_items }),
                (status, body, _) => (created = status == HttpStatusCode.Created) && body?["shippingAddress"]?["recipient"]?.GetValue<string>() == "Ann Probe");
        if (!created)
        {
            return;
        }
        Created++;
        await Check("place with a stale If-Match: 412 naming the current version", () => Send(HttpMethod.Post, $"/api/orders/{orderId}/place", null, ("If-Match", "\"1\"")),
            (status, body, _) => status == HttpStatusCode.PreconditionFailed && body?["currentVersion"]?.GetValue<int>() == 2);
        await Check("place with If-Match: 200, ETag 3", () => Send(HttpMethod.Post, $"/api/orders/{orderId}/place", null, ("If-Match", "\"2\"")),
            (status, _, headers) => status == HttpStatusCode.OK && headers.ETag?.Tag == "\"3\"");
        var key = ("Idempotency-Key", $"{orderId}-pay");
        await Check("pay with an Idempotency-Key: 200", () => Send(HttpMethod.Post, $"/api/orders/{orderId}/payments", s_payment, key),
            (status, body, _) => status == HttpStatusCode.OK && body?["status"]?.GetValue<string>() == "Paid");
        await Check("the same payment again: replayed, nothing appended", () => Send(HttpMethod.Post, $"/api/orders/{orderId}/payments", s_payment, key),
            (status, _, headers) => status == HttpStatusCode.OK && headers.ETag?.Tag == "\"4\"" && headers.Has("Idempotent-Replayed", "true"));
        await Check("ship: 200", () => Send(HttpMethod.Post, $"/api/orders/{orderId}/ship", new { carrier = "UPS", trackingNumber = "1Z" }),
            (status, body, _) => status == HttpStatusCode.OK && body?["status"]?.GetValue<string>() == "Shipped");
        await Check("read with If-None-Match of the current version: 304", () => Send(HttpMethod.Get, $"/api/orders/{orderId}", null, ("If-None-Match", "\"5\"")),
            (status, _, _) => status == HttpStatusCode.NotModified);
        await Check("audit trail: five events in version order", () => Send(HttpMethod.Get, $"/api/orders/{orderId}/events", null),
            (status, body, _) => status == HttpStatusCode.OK && body is JsonArray events && events.Count == 5 && events[4]!["version"]!.GetValue<int>() == 5);
        await Check("history at version 2: Created with its item", () => Send(HttpMethod.Get, $"/api/orders/{orderId}/history?version=2", null),
            (status, body, _) => status == HttpStatusCode.OK && body?["status"]?.GetValue<string>() == "Created" && body["items"]!.AsArray().Count == 1);
        await Check("what-if replay without the payment: the shipping refused", () => Send(HttpMethod.Post, $"/api/orders/{orderId}/replay", s_withoutPayment),
            (status, body, _) => status == HttpStatusCode.OK && body?["refused"]?.AsArray().Count == 1);
        await Eventually("customer view shows the order within 5 s", () => Send(HttpMethod.Get, $"/api/customers/{customerId}", null),
            body => body?["orderCount"]?.GetValue<int>() == 1 && body["recentOrders"]?.AsArray().FirstOrDefault()?["status"]?.GetValue<string>() == "Shipped");
        await Eventually("order list by customer shows it within 5 s", () => Send(HttpMethod.Get, $"/api/orders?customerId={customerId}", null),
            body => body?["items"]?.AsArray().FirstOrDefault()?["status"]?.GetValue<string>() == "Shipped");
        await Check("product view: 200", () => Send(HttpMethod.Get, "/api/products/SKU-PROBE", null),
            (status, body, _) => status == HttpStatusCode.OK && body?["unitsShipped"] is not null);
        await Check("analytics summary: 200", () => Send(HttpMethod.Get, "/api/analytics/summary", null),
            (status, body, _) => status == HttpStatusCode.OK && body?["totalOrders"]?.GetValue<int>() > 0);
        await Check("GraphQL order(id): Shipped", () => Send(HttpMethod.Post, "/graphql", new { query = $$"""{ order(id: "{{orderId}}") { status } }""" }),
            (status, body, _) => status == HttpStatusCode.OK && body?["data"]?["order"]?["status"]?.GetValue<string>() == "Shipped");
        if (round % 10 != 0)
        {
            // Erasure is an admin's rare act, and each one is logged (who, whom, when): every tenth round.
            return;
        }
        await Check("erase the customer's personal data: the order affected", () => Send(HttpMethod.Delete, $"/api/customers/{customerId}/personal-data", null),
            (status, body, _) => status == HttpStatusCode.OK && body?["ordersAffected"]?.AsArray().Any(o => o!.GetValue<string>() == orderId) == true);
        await Check("the order after erasure: no address, marked erased", () => Send(HttpMethod.Get, $"/api/orders/{orderId}", null),
            (status, body, _) => status == HttpStatusCode.OK && body?["personalDataErased"]?.GetValue<bool>() == true && body["shippingAddress"]?["recipient"] is null);
    }

    /// <summary>Polls a read model until <paramref name="shows"/> holds, within five seconds; the latency is the time it took.</summary>
    private Task<bool> Eventually(string name, Func<Task<(HttpStatusCode, JsonNode?, AnswerHeaders)>> read, Func<JsonNode?, bool> shows) =>
        Check(name, async () =>
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var answer = await read();
                if ((answer.Item1 == HttpStatusCode.OK && shows(answer.Item2)) || clock.Elapsed > s_visibleWithin)
                {
                    return answer;
                }
                await Task.Delay(50);
            }
        }, (status, body, _) => status == HttpStatusCode.OK && shows(body));

    private async Task<bool> Check(string name, Func<Task<(HttpStatusCode, JsonNode?, AnswerHeaders)>> call,
        Func<HttpStatusCode, JsonNode?, AnswerHeaders, bool> holds)
    {
        var started = Stopwatch.GetTimestamp();
        bool held;
        string answer;
        try
        {
            var (status, body, headers) = await call();
            held = holds(status, body, headers);
            answer = $"{(int)status} {body?.ToJsonString()}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            held = false;
            answer = ex.Message;
        }
        if (!_checks.TryGetValue(name, out var record))
        {
            _checks[name] = record = new CheckRecord();
        }
        record.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (!held)
        {
            record.Failed++;
            _broken.Add($"{DateTime.UtcNow:HH:mm:ss} {name}: {answer[..Math.Min(answer.Length, 400)]}");
        }
        return held;
    }

    private async Task<(HttpStatusCode, JsonNode?, AnswerHeaders)> Send(HttpMethod method, string url, object? body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var all = new AnswerHeaders(response.Headers.ETag,
            response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(Encoding.UTF8.GetBytes(text)), all);
    }
}

/// <summary>One check's latencies and failures so far.</summary>
internal sealed class CheckRecord
{
    public List<double> Latencies { get; } = [];

    public int Failed { get; set; }
}

/// <summary>What the checks read of a response's headers, kept after the response is disposed.</summary>
public sealed record AnswerHeaders(System.Net.Http.Headers.EntityTagHeaderValue? ETag, Dictionary<string, string> Values)
{
    public bool Has(string name, string value) => Values.TryGetValue(name, out var actual) && string.Equals(actual, value, StringComparison.OrdinalIgnoreCase);
}
