using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.Projections.Products;

namespace OrderOrleans.Grains.Projections;

/// <summary>Fans a query out to every order-list shard and merges the answers; a stateless worker, local to its caller.</summary>
[StatelessWorker]
public sealed class ReadModelGrain(IOptions<ProjectionOptions> options) : Grain, IReadModelGrain
{
    public async Task<OrderListPage> ListOrders(OrderListQuery filter, int page, int pageSize)
    {
        var slices = await Ask(s => s.Query(filter with { Take = page * pageSize }));
        var items = OrderListSelection.Merge([.. slices.Select(s => s.Items)], OrderListOrder.For(filter.Sort), (page - 1) * pageSize, pageSize);
        return new OrderListPage(items, page, pageSize, slices.Sum(s => s.TotalCount));
    }

    public async Task<CustomerStats> GetCustomerStats(string customerId) =>
        ReadModelFigures.Merge(customerId, await Ask(s => s.GetCustomerStats(customerId)));

    public async Task<AnalyticsSummary> GetAnalytics() => ReadModelFigures.Merge(await Ask(s => s.GetAnalytics()));

    public async Task<ProductView?> GetProduct(string productId) =>
        ProductTally.Merge(productId, await AskProducts(s => s.GetProduct(productId)));

    public async Task<IReadOnlyList<ProductView>> ListProducts(ProductSort sort, int top)
    {
        var merged = (await AskProducts(s => s.GetProducts())).SelectMany(p => p).GroupBy(p => p.ProductId, StringComparer.Ordinal)
            .Select(g => ProductTally.Merge(g.Key, g)!);
        var ranked = sort switch
        {
            ProductSort.Units => merged.OrderByDescending(p => p.UnitsOrdered),
            ProductSort.Revenue => merged.OrderByDescending(p => p.Revenue.Values.Sum()),
            _ => merged.OrderBy(p => p.ProductId, StringComparer.Ordinal),
        };
        return [.. ranked.ThenBy(p => p.ProductId, StringComparer.Ordinal).Take(top)];
    }

    private Task<T[]> AskProducts<T>(Func<IProductShardGrain, Task<T>> question) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Shards).Select(i => question(GrainFactory.GetGrain<IProductShardGrain>(i))));

    private Task<T[]> Ask<T>(Func<IOrderListShardGrain, Task<T>> question) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Shards).Select(i => question(GrainFactory.GetGrain<IOrderListShardGrain>(i))));
}
