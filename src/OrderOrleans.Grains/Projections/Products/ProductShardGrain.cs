using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.Projections.Products;

/// <summary>
/// One shard of the product view. For each order it keeps a checkpoint (version, status, lines) and moves the order's
/// units between its products' tallies as the order changes: the old contribution out, the new one in. Tallies are held
/// in memory (bounded by the catalogue); checkpoints in a bounded cache, read from storage when missing.
/// </summary>
[ImplicitStreamSubscription(OrderStreams.Namespace)]
public sealed class ProductShardGrain(
    ProductStore store,
    ProjectionStore projections,
    ProjectionStats stats,
    EventScreen screen,
    IOptions<ProjectionOptions> options,
    TimeProvider time,
    ILogger<ProductShardGrain> logger)
    : ShardConsumerGrain(stats, screen, options, time, logger), IProductShardGrain, IDisposable
{
    private static readonly LogThrottle s_storeFailures = new(TimeSpan.FromSeconds(10));
    private readonly MemoryCache _orders = new(new MemoryCacheOptions { SizeLimit = options.Value.CachedOrdersPerShard });
    private Dictionary<string, ProductTally> _products = new(StringComparer.Ordinal);
    private int _generation;

    protected override string Name => ProjectionNames.Products;

    protected override LogThrottle StoreFailures => s_storeFailures;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _generation = (await projections.GetMetaAsync(Name)).ActiveGeneration;
        _products = await store.LoadProductsAsync(_generation, Shard);
    }

    public void Dispose() => _orders.Dispose();

    public Task<ProductView?> GetProduct(string productId) =>
        Task.FromResult(_products.TryGetValue(productId, out var tally) ? tally.ToView() : null);

    public Task<IReadOnlyList<ProductView>> GetProducts() =>
        Task.FromResult<IReadOnlyList<ProductView>>([.. _products.Values.Select(t => t.ToView())]);

    public async Task<int> GetVersion(string orderId) => await HeldVersion(orderId);

    public Task Apply(OrderChange change) => Store([change]);

    protected override async ValueTask<int> HeldVersion(string orderId) => (await Checkpoint(orderId))?.Version ?? 0;

    protected override async Task<IReadOnlySet<OrderSummary>> Store(IReadOnlyList<OrderChange> changes)
    {
        var applied = new HashSet<OrderSummary>();
        var group = new Group();
        foreach (var change in Newest(changes, _ => true))
        {
            var previous = await Checkpoint(change.Summary.OrderId);
            if (previous is not null && previous.Version >= change.Summary.Version)
            {
                continue;
            }
            var next = ProductOrder.Of(change.Summary, change.Lines);
            var touched = (previous?.Lines ?? []).Concat(next.Lines).Select(l => l.ProductId).Distinct(StringComparer.Ordinal).ToList();
            if (group.Rows + 1 + touched.Count(p => !group.Tallies.ContainsKey(p)) > EventLogLimits.MaxEntitiesPerBatch)
            {
                await Commit(group);
                group = new Group();
            }
            foreach (var productId in touched)
            {
                group.Tallies.TryAdd(productId, _products.TryGetValue(productId, out var held) ? held.Copy() : new ProductTally(productId));
            }
            foreach (var line in previous?.Lines ?? [])
            {
                group.Tallies[line.ProductId].Add(line, previous!.Status, previous.Currency, -1);
            }
            foreach (var line in next.Lines)
            {
                group.Tallies[line.ProductId].Add(line, next.Status, next.Currency, 1);
            }
            group.Orders.Add((change.Summary.OrderId, next));
            applied.Add(change.Summary);
        }
        await Commit(group);
        return applied;
    }

    /// <summary>Stores a group's checkpoints with the tallies they moved, then takes them as the shard's own.</summary>
    private async Task Commit(Group group)
    {
        if (group.Orders.Count == 0)
        {
            return;
        }
        await store.SaveAsync(_generation, Shard, group.Orders, group.Tallies.Values);
        foreach (var tally in group.Tallies.Values)
        {
            _products[tally.ProductId] = tally;
        }
        foreach (var (orderId, order) in group.Orders)
        {
            Remember(orderId, order);
        }
    }

    private async Task<ProductOrder?> Checkpoint(string orderId)
    {
        if (_orders.TryGetValue(orderId, out ProductOrder? cached))
        {
            return cached;
        }
        var stored = await store.FindOrderAsync(_generation, Shard, orderId);
        if (stored is not null)
        {
            Remember(orderId, stored);
        }
        return stored;
    }

    private void Remember(string orderId, ProductOrder order) => _orders.Set(orderId, order, new MemoryCacheEntryOptions { Size = 1 });

    /// <summary>Orders and the tallies they moved, stored as one transaction (at most 100 rows).</summary>
    private sealed class Group
    {
        public List<(string OrderId, ProductOrder Order)> Orders { get; } = [];

        public Dictionary<string, ProductTally> Tallies { get; } = new(StringComparer.Ordinal);

        public int Rows => Orders.Count + Tallies.Count;
    }
}
