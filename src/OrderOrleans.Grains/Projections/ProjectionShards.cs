using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.Projections.Analytics;
using OrderOrleans.Grains.Projections.Customers;
using OrderOrleans.Grains.Projections.OrderList;
using OrderOrleans.Grains.Projections.Products;

namespace OrderOrleans.Grains.Projections;

/// <summary>Which grain class holds each projection's shards, for what all projections share (catch-up, rebuild).</summary>
public static class ProjectionShards
{
    private static readonly Dictionary<string, string> s_classes = new(StringComparer.Ordinal)
    {
        [ProjectionNames.OrderList] = typeof(OrderListShardGrain).FullName!,
        [ProjectionNames.Products] = typeof(ProductShardGrain).FullName!,
        [ProjectionNames.Customers] = typeof(CustomerShardGrain).FullName!,
        [ProjectionNames.Analytics] = typeof(AnalyticsShardGrain).FullName!,
    };

    public static IProjectionShardGrain Of(IGrainFactory grains, string projection, int shard) =>
        grains.GetGrain<IProjectionShardGrain>(shard, s_classes[projection]);
}
