using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts;
using Orleans.Concurrency;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.Projections.Analytics;
using OrderOrleans.Grains.Projections.Customers;
using OrderOrleans.Grains.Projections.OrderList;
using OrderOrleans.Grains.Projections.Products;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// Answers read-model queries by asking every shard of the projection that serves the question and merging; a stateless
/// worker, local to its caller. Each shard answers from memory, a point read or one range of rows laid out for the question,
/// so no question scans the orders. A list page's shards that live on this silo answer from their heads in memory
/// without a call when they can (<see cref="LocalOrderListShards"/>).
/// </summary>
[StatelessWorker]
public sealed class ReadModelGrain(IOptions<ProjectionOptions> options, LocalOrderListShards local) : Grain, IReadModelGrain
{
    private readonly Dictionary<Type, object> _shards = [];

    public async Task<OrderListPage> ListOrders(OrderListQuery filter, int page, int pageSize)
    {
        // One more than the page from each shard: if the merge has it, there is a next page.
        var skip = (page - 1) * pageSize;
        var query = filter with { Take = skip + pageSize + 1 };
        var shards = Shards<IOrderListShardGrain>();
        var answers = new Task<OrderListSlice>[shards.Length];
        for (var i = 0; i < shards.Length; i++)
        {
            answers[i] = local.TryAnswer(i, query) is { } answered ? Task.FromResult(answered) : shards[i].Query(query);
        }
        var slices = await Task.WhenAll(answers);
        var total = slices.Sum(s => s.TotalCount);
        if (slices.Any(s => s.TooBroad))
        {
            return new OrderListPage([], page, pageSize, total) { TooBroad = true };
        }
        var order = OrderListOrder.For(filter.Sort);
        var items = OrderListMerge.Page([.. slices.Select(s => s.Items)], order, skip, pageSize + 1);
        var next = items.Count > pageSize ? OrderListCursor.After(items[pageSize - 1], filter.Sort).ToToken() : null;
        return new OrderListPage(items.Count > pageSize ? items[..pageSize] : items, page, pageSize, total, next);
    }

    public async Task<CustomerStats> GetCustomerStats(string customerId) =>
        CustomerTally.Merge(customerId, await Ask<ICustomerShardGrain, CustomerStats?>(s => s.GetCustomer(customerId)));

    public async Task<AnalyticsSummary> GetAnalytics(DateOnly? firstDay = null, DateOnly? lastDay = null) =>
        AnalyticsMerge.Of(await Ask<IAnalyticsShardGrain, AnalyticsSummary>(s => s.GetFigures(firstDay, lastDay)));

    public async Task<ProductView?> GetProduct(string productId) =>
        ProductTally.Merge(productId, await Ask<IProductShardGrain, ProductView?>(s => s.GetProduct(productId)));

    public async Task<IReadOnlyList<ProductView>> ListProducts(ProductSort sort, int top)
    {
        var totals = new Dictionary<string, ProductTally>(StringComparer.Ordinal);
        foreach (var part in await Ask<IProductShardGrain, IReadOnlyList<ProductView>>(s => s.GetProducts()))
        {
            foreach (var view in part)
            {
                ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(totals, view.ProductId, out _);
                (total ??= new ProductTally(view.ProductId)).Add(view);
            }
        }
        var merged = totals.Values.Select(t => t.ToView());
        var ranked = sort switch
        {
            ProductSort.Units => merged.OrderByDescending(p => p.UnitsOrdered),
            ProductSort.Revenue => merged.OrderByDescending(p => p.Revenue.Values.Sum()),
            _ => merged.OrderBy(p => p.ProductId, StringComparer.Ordinal),
        };
        return [.. ranked.ThenBy(p => p.ProductId, StringComparer.Ordinal).Take(top)];
    }

    public async Task<CustomerListPage> ListCustomers(string prefix, string? after, int limit)
    {
        // Each shard answers its first limit + 1 matches: any customer among the first limit + 1 overall is among each
        // shard's first limit + 1 where it has orders, so its merged figures are whole.
        var found = (await Ask<ICustomerShardGrain, IReadOnlyList<CustomerStats>>(s => s.FindCustomers(prefix, after, limit + 1))).SelectMany(p => p)
            .GroupBy(c => c.CustomerId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Take(limit + 1)
            .Select(g => CustomerTally.Merge(g.Key, g) with { RecentOrders = [] })
            .ToList();
        return found.Count > limit ? new(found[..limit], found[limit - 1].CustomerId) : new(found, null);
    }

    private Task<T[]> Ask<TShard, T>(Func<TShard, Task<T>> question) where TShard : IGrainWithIntegerKey
    {
        var shards = Shards<TShard>();
        var answers = new Task<T>[shards.Length];
        for (var i = 0; i < shards.Length; i++)
        {
            answers[i] = question(shards[i]);
        }
        return Task.WhenAll(answers);
    }

    /// <summary>
    /// The shards' references, made once per activation: Orleans' <c>GetGrain</c> resolves the interface's grain type
    /// by reflection on every call, which was a large part of a list page's sixteen.
    /// </summary>
    private TShard[] Shards<TShard>() where TShard : IGrainWithIntegerKey
    {
        if (_shards.TryGetValue(typeof(TShard), out var made))
        {
            return (TShard[])made;
        }
        var shards = new TShard[options.Value.Shards];
        for (var i = 0; i < shards.Length; i++)
        {
            shards[i] = GrainFactory.Grain<TShard>(i);
        }
        _shards[typeof(TShard)] = shards;
        return shards;
    }
}
