using System.Net;
using System.Text.Json.Nodes;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>GET /api/customers: a search by id prefix over the customer view, in id order, paged by token.</summary>
public class CustomerListApiTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private readonly HttpClient _http = silo.Client;

    private static string[] Ids(JsonObject page) => [.. page["items"]!.AsArray().Select(c => c!["customerId"]!.GetValue<string>())];

    [Fact]
    public async Task Customers_whose_id_starts_with_a_prefix_come_in_id_order_with_figures_summed_over_every_shard_page_by_page()
    {
        var prefix = TestNames.OrderId("cl") + "-";
        // Ids that sort by their characters: "a" < "a.b" < "ab" < "b" < "b-1" ('.' and '-' sort below letters).
        string[] customers = [prefix + "b-1", prefix + "ab", prefix + "a", prefix + "b", prefix + "a.b"];
        foreach (var customer in customers)
        {
            await _http.Create(TestNames.OrderId(), customer, 2m);
        }
        // One customer with three orders, which hash to different shards: two of them paid.
        var paid = new[] { TestNames.OrderId(), TestNames.OrderId() };
        foreach (var orderId in paid)
        {
            await _http.Create(orderId, prefix + "a", 5m);
            await _http.Place(orderId);
            await _http.Pay(orderId, 5m);
        }
        // Another customer outside the prefix is never listed.
        await _http.Create(TestNames.OrderId(), TestNames.OrderId("other"), 1m);

        var all = await Eventually.Until(() => _http.GetJson($"/api/customers?prefix={prefix}&limit=100"),
            p => p["items"]!.AsArray().Count == 5 && p["items"]![0]!["paidCount"]!.GetValue<int>() == 2, TimeSpan.FromSeconds(10));
        Ids(all).ShouldBe([prefix + "a", prefix + "a.b", prefix + "ab", prefix + "b", prefix + "b-1"]);
        all["next"].ShouldBeNull();
        var a = all["items"]![0]!;
        (a["orderCount"]!.GetValue<int>(), a["placedCount"]!.GetValue<int>(), a["lifetimeValue"]!["USD"]!.GetValue<decimal>()).ShouldBe((3, 2, 10m));
        a["recentOrders"]!.AsArray().ShouldBeEmpty();

        // Two at a time: each page continues after the last id of the one before.
        var pages = new List<string[]>();
        string? after = null;
        do
        {
            var page = await _http.GetJson($"/api/customers?prefix={prefix}&limit=2" + (after is null ? "" : $"&after={after}"));
            pages.Add(Ids(page));
            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);
        pages.ShouldBe([[prefix + "a", prefix + "a.b"], [prefix + "ab", prefix + "b"], [prefix + "b-1"]]);

        // A longer prefix narrows: "a" takes in "a", "a.b" and "ab"; "b-" only "b-1".
        Ids(await _http.GetJson($"/api/customers?prefix={prefix}a")).ShouldBe([prefix + "a", prefix + "a.b", prefix + "ab"]);
        Ids(await _http.GetJson($"/api/customers?prefix={prefix}b-")).ShouldBe([prefix + "b-1"]);
        Ids(await _http.GetJson($"/api/customers?prefix={prefix}zz")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("prefix=a%20b", "prefix")]
    [InlineData("prefix=a%27%20or%20%271", "prefix")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("after=no%2Fslash", "after")]
    public async Task A_malformed_search_is_refused_naming_the_field(string query, string field) =>
        (await (await _http.GetAsync($"/api/customers?{query}")).Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe([field]);
}
