using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.Projections.Analytics;
using OrderOrleans.Grains.Projections.Customers;
using OrderOrleans.Grains.Projections.OrderList;
using OrderOrleans.Grains.Projections.Products;

namespace OrderOrleans.Grains.Projections;

/// <summary>Which grain class holds each projection's shards and which tables its rows, for what all projections share (catch-up, rebuild).</summary>
public static class ProjectionShards
{
    private static readonly Dictionary<string, (string Class, string Table)> s_projections = new(StringComparer.Ordinal)
    {
        [ProjectionNames.OrderList] = (typeof(OrderListShardGrain).FullName!, "OrderList"),
        [ProjectionNames.Products] = (typeof(ProductShardGrain).FullName!, "Products"),
        [ProjectionNames.Customers] = (typeof(CustomerShardGrain).FullName!, "Customers"),
        [ProjectionNames.Analytics] = (typeof(AnalyticsShardGrain).FullName!, "Analytics"),
    };

    /// <summary>The table name a projection's shards store in, without generation and shard (<c>Products</c> stores in <c>ProductsG1S00</c>...).</summary>
    public static string TableOf(string projection) => s_projections[projection].Table;

    public static IProjectionShardGrain Of(IGrainFactory grains, string projection, int shard) =>
        grains.GetGrain<IProjectionShardGrain>(shard, s_projections[projection].Class);
}
