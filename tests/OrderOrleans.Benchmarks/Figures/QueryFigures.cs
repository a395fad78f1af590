using System.Net.Http.Json;
using OrderOrleans.Benchmarks.Load;

namespace OrderOrleans.Benchmarks.Figures;

/// <summary>
/// Figure 5: <c>GET /api/orders/{id}</c> and a filtered list page, requests/s and p99 at concurrency 8, against
/// <c>/alive</c>, a trivial endpoint on the same Kestrel, measured before and after and averaged; and <c>order(id)</c>
/// over GraphQL, with the fields REST answers, against <c>GET /api/orders/{id}</c>.
/// </summary>
public static class QueryFigures
{
    private const int Concurrency = 8;
    private const int OrderCount = 200;

    public static async Task RunAsync(BenchHost host, Profile profile, List<Figure> figures)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var ids = Enumerable.Range(0, OrderCount).Select(i => $"{run}-q-{i}").ToArray();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
        {
            await OrderCalls.HttpCheckoutStep(host.Http, id, 0);
            await OrderCalls.HttpCheckoutStep(host.Http, id, 1);
        });
        var perWorker = 400 * profile.Scale;
        Task<LoadResult> Measure(Func<int, int, string> url) => LoadRun.ClosedAsync(Concurrency, perWorker, profile.RunLimit,
            (w, i) => Get(host.Http, url(w, i)));

        await Measure((_, _) => "/alive");
        await Measure((w, i) => $"/api/orders/{ids[(w * perWorker + i) % ids.Length]}");
        var trivialBefore = await Measure((_, _) => "/alive");
        var detail = await Measure((w, i) => $"/api/orders/{ids[(w * perWorker + i) % ids.Length]}");
        Task<LoadResult> MeasureGraphQL() => LoadRun.ClosedAsync(Concurrency, perWorker, profile.RunLimit, (w, i) => PostGraphQL(host.Http, ids[(w * perWorker + i) % ids.Length]));
        // Unmeasured first, as the REST route above: GraphQL.NET's many generic paths run unoptimized until tiered JIT has compiled them.
        await MeasureGraphQL();
        var graphql = await MeasureGraphQL();
        var list = await Measure((_, i) => $"/api/orders?status=Placed&page={1 + (i % 5)}&pageSize=20");
        var trivialAfter = await Measure((_, _) => "/alive");
        var trivialPerSecond = (trivialBefore.PerSecond + trivialAfter.PerSecond) / 2;
        var trivialP99 = (trivialBefore.P99 + trivialAfter.P99) / 2;

        foreach (var (name, result) in new[] { ("GET /api/orders/{id}", detail), ("GET /api/orders?status=Placed (page of 20)", list) })
        {
            figures.Add(Figure.AtLeast($"{name}, concurrency {Concurrency} (baseline: /alive)", result.PerSecond, "requests/s", trivialPerSecond, 0.4));
            figures.Add(Figure.Below($"{name} p99", result.P99, "ms", trivialP99, 10));
        }
        figures.Add(Figure.AtLeast($"order(id) over GraphQL, concurrency {Concurrency} (baseline: GET /api/orders/{{id}})", graphql.PerSecond, "requests/s", detail.PerSecond, 0.5));
        Console.WriteLine($"queries: graphql order(id) {graphql.PerSecond:F0}/s p99 {graphql.P99:F2}; /alive {trivialPerSecond:F0}/s p99 {trivialP99:F2}; detail {detail.PerSecond:F0}/s p99 {detail.P99:F2}; " +
            $"list {list.PerSecond:F0}/s p99 {list.P99:F2}");
    }

    private const string OrderQuery = "query ($id: ID!) { order(id: $id) { orderId customerId status currency total amountPaid version createdAt updatedAt " +
        "items { productId name quantity unitPrice lineTotal } shippingAddress { line1 city country } } }";

    private static async Task PostGraphQL(HttpClient http, string orderId)
    {
        using var response = await http.PostAsJsonAsync("/graphql", new { query = OrderQuery, variables = new { id = orderId } });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || body.Contains("\"errors\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"POST /graphql order({orderId}): {(int)response.StatusCode} {body}");
        }
    }

    private static async Task Get(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        await response.Content.ReadAsByteArrayAsync();
    }
}
