namespace OrderOrleans.Grains.Projections;

/// <summary>
/// Which order-list shard holds an order: FNV-1a over the id, so the answer is the same in every process and
/// release (string.GetHashCode is randomized per process). Changing the shard count needs a rebuild.
/// </summary>
public static class ShardMap
{
    public static int ShardOf(string orderId, int shards) => (int)(StableHash.Of(orderId) % (uint)shards);
}
