using System.Collections.Concurrent;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections.OrderList;

/// <summary>
/// The order-list shards active on this silo, each as of its last commit: its heads (the first rows of every order and
/// of each status) and its counts. The silo's list reader answers a first page from here for the shards that live on
/// this silo instead of with a grain call each (the sixteen calls were a third of a page's cost); shards on other silos, and
/// anything the heads do not hold, are asked as before.
/// </summary>
public sealed class LocalOrderListShards
{
    private readonly ConcurrentDictionary<int, Published> _shards = new();

    public void Publish(int shard, OrderListHeads heads, OrderListCounts all) => _shards[shard] = new(heads, all);

    /// <summary>Takes the shard's heads back, unless another activation of it has published since.</summary>
    public void Withdraw(int shard, OrderListHeads heads)
    {
        if (_shards.TryGetValue(shard, out var published) && published.Heads == heads)
        {
            _shards.TryRemove(KeyValuePair.Create(shard, published));
        }
    }

    /// <summary>The shard's answer from memory, or null when the shard must be asked.</summary>
    public OrderListSlice? TryAnswer(int shard, OrderListQuery query) =>
        _shards.TryGetValue(shard, out var published) ? OrderListReader.FromLoadedHeads(query, published.Heads, published.All) : null;

    private sealed record Published(OrderListHeads Heads, OrderListCounts All);
}
