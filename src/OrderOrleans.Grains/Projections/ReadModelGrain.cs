using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrderOrleans.Contracts.Projections;

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

    private Task<T[]> Ask<T>(Func<IOrderListShardGrain, Task<T>> question) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Shards).Select(i => question(GrainFactory.GetGrain<IOrderListShardGrain>(i))));
}
