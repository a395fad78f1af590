using Microsoft.Extensions.Caching.Memory;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections.Tallies;

/// <summary>What a shard holds in memory per generation, and what one transaction stores.</summary>
public abstract partial class TallyShardGrain<TTally>
{
    private async Task<Generation> Open(int number) =>
        new(number, _cachedOrders, HoldsAllTallies ? await _store.LoadTalliesAsync<TTally>(Table, number, Shard) : null);

    /// <summary>One generation's state in memory: checkpoints and tallies, bounded.</summary>
    private sealed class Generation(int number, int cachedOrders, Dictionary<string, Held<TTally>>? all) : IDisposable
    {
        public int Number { get; } = number;

        public MemoryCache Orders { get; private set; } = new(new MemoryCacheOptions { SizeLimit = cachedOrders });

        /// <summary>Every tally, when the projection holds them all; else <see cref="Tallies"/> caches some.</summary>
        public Dictionary<string, Held<TTally>>? All { get; private set; } = all;

        public MemoryCache Tallies { get; private set; } = new(new MemoryCacheOptions { SizeLimit = cachedOrders });

        /// <summary>Orders whose insert found a checkpoint: read it before applying them again.</summary>
        public HashSet<string> MustRead { get; } = new(StringComparer.Ordinal);

        public void Remember(string key, Held<TTally> tally)
        {
            if (All is not null)
            {
                All[key] = tally;
            }
            else
            {
                Tallies.Set(key, tally, new MemoryCacheEntryOptions { Size = 1 });
            }
        }

        /// <summary>Forgets what it cached and takes <paramref name="all"/> as the tallies (when it holds them all).</summary>
        public void Reload(Dictionary<string, Held<TTally>>? all)
        {
            Dispose();
            Orders = new(new MemoryCacheOptions { SizeLimit = cachedOrders });
            Tallies = new(new MemoryCacheOptions { SizeLimit = cachedOrders });
            All = all;
        }

        public void Dispose()
        {
            Orders.Dispose();
            Tallies.Dispose();
        }
    }

    /// <summary>Orders with the tallies and index rows they moved, stored as one transaction (at most 100 rows).</summary>
    private sealed class Group
    {
        public List<Held<OrderFacts>> Orders { get; } = [];

        public Dictionary<string, Held<TTally>> Tallies { get; } = new(StringComparer.Ordinal);

        /// <summary>Index rows to write (the summary) or delete (null).</summary>
        public Dictionary<string, OrderSummary?> Index { get; } = new(StringComparer.Ordinal);

        public int Rows => Orders.Count + Tallies.Count + Index.Count;
    }
}
