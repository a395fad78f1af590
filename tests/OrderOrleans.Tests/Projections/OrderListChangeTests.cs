using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Projections;
using OrderOrleans.Tests.Api;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Projections;

/// <summary>
/// The list while orders keep changing: first pages come from each shard's heads in memory (four rows here, so pages
/// run past them into storage), and what the shards write moves the heads, the index rows and the counts alike.
/// </summary>
public sealed class OrderListChangeTests : IAsyncLifetime
{
    private SiloApp _app = null!;
    private HttpClient _http = null!;
    private IGrainFactory _grains = null!;
    private readonly Dictionary<string, OrderSummary> _orders = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        _app = new SiloApp((await AzuriteServer.Shared).ConnectionString)
        {
            Settings = new() { ["OrderOrleans:Projections:Shards"] = "2", ["OrderOrleans:Projections:ListHeadRows"] = "4" },
        };
        _http = _app.CreateClient();
        _grains = _app.Services.GetRequiredService<IGrainFactory>();
        await Store(Enumerable.Range(0, 30).Select(i => OrderListSilo.Order(i)));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Pages_counts_and_heads_follow_new_orders_and_status_changes()
    {
        var queries = new[] { "", "status=Placed", "status=Cancelled", "customerId=cu", "sort=status" };
        foreach (var query in queries)
        {
            await ShouldList(query);
        }

        // Ten newer orders, and older ones moving on: Placed to Paid, Created to Cancelled.
        await Store(Enumerable.Range(30, 10).Select(i => OrderListSilo.Order(i)));
        await Store(Enumerable.Range(0, 30).Where(i => i % 6 == 1).Select(i => OrderListSilo.Order(i, OrderStatus.Paid)));
        await Store(Enumerable.Range(0, 30).Where(i => i % 6 == 0).Select(i => OrderListSilo.Order(i, OrderStatus.Cancelled)));

        foreach (var query in queries)
        {
            await ShouldList(query);
        }
    }

    [Fact]
    public async Task A_token_continues_where_its_page_ended_while_newer_orders_arrive()
    {
        var first = await Page("pageSize=6");
        var expected = Sorted(_orders.Values).Select(o => o.OrderId).ToList();

        await Store(Enumerable.Range(30, 10).Select(i => OrderListSilo.Order(i)));
        var second = await Page($"pageSize=6&after={first["next"]!.GetValue<string>()}");

        Ids(first).Concat(Ids(second)).ShouldBe(expected.Take(12));
        second["totalCount"]!.GetValue<int>().ShouldBe(40);
    }

    private async Task Store(IEnumerable<OrderChange> changes)
    {
        var list = changes.ToList();
        foreach (var change in list)
        {
            _orders[change.Summary.OrderId] = change.Summary;
        }
        await Task.WhenAll(list.Select(c => _grains.GetGrain<IOrderListShardGrain>(ShardMap.ShardOf(c.Summary.OrderId, 2)).Apply(c)));
    }

    /// <summary>Every page of the list (pages of 3, by token) is what sorting the orders as they now are gives.</summary>
    private async Task ShouldList(string query)
    {
        var status = System.Web.HttpUtility.ParseQueryString(query)["status"];
        var customer = System.Web.HttpUtility.ParseQueryString(query)["customerId"];
        var matching = _orders.Values.Where(o => (status is null || o.Status.ToString() == status) && (customer is null || o.CustomerId == customer));
        var expected = (query.Contains("sort=status", StringComparison.Ordinal)
            ? matching.OrderBy(o => o.Status).ThenByDescending(o => o.CreatedAt).ThenBy(o => o.OrderId, StringComparer.Ordinal)
            : Sorted(matching)).Select(o => o.OrderId).ToList();
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await Page($"pageSize=3&{query}" + (after is null ? "" : $"&after={after}"));
            page["totalCount"]!.GetValue<int>().ShouldBe(expected.Count, query);
            seen.AddRange(Ids(page));
            after = page["next"]?.GetValue<string>();
        }
        while (after is not null && seen.Count <= expected.Count);
        seen.ShouldBe(expected, query);
    }

    private static IOrderedEnumerable<OrderSummary> Sorted(IEnumerable<OrderSummary> orders) =>
        orders.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.OrderId, StringComparer.Ordinal);

    private async Task<JsonObject> Page(string query)
    {
        var response = await _http.GetAsync($"/api/orders?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private static List<string> Ids(JsonObject page) => [.. page["items"]!.AsArray().Select(i => i!["orderId"]!.GetValue<string>())];
}
