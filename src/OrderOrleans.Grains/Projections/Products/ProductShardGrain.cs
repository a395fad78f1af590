using Microsoft.Extensions.Logging;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.Projections.Tallies;

namespace OrderOrleans.Grains.Projections.Products;

/// <summary>
/// One shard of the product view (projection <c>products</c>): per product, the units of this shard's orders by where
/// the orders stand, and revenue from paid ones. Products are bounded by the catalogue, so all are held in memory.
/// </summary>
[ImplicitStreamSubscription(OrderStreams.Namespace)]
public sealed class ProductShardGrain(TallyServices services, ILogger<ProductShardGrain> logger)
    : TallyShardGrain<ProductTally>(services, logger), IProductShardGrain
{
    private static readonly LogThrottle s_storeFailures = new(TimeSpan.FromSeconds(10));
    private IReadOnlyList<ProductView>? _views;

    protected override string Name => ProjectionNames.Products;

    protected override bool HoldsAllTallies => true;

    protected override bool TakesTurns => true;

    protected override LogThrottle StoreFailures => s_storeFailures;

    protected override IEnumerable<(string Key, ProductTally Contribution)> Contribute(OrderFacts order) =>
        order.Lines.Select(line => (line.ProductId, ProductTally.Of(line, order.Summary)));

    protected override ProductTally Empty(string key) => new(key);

    public async Task<ProductView?> GetProduct(string productId) => (await Find(productId))?.ToView();

    /// <summary>Made once per change rather than per question: a ranking asks every shard for every product.</summary>
    public Task<IReadOnlyList<ProductView>> GetProducts() => Task.FromResult(_views ??= [.. AllTallies.Select(t => t.ToView())]);

    protected override void Committed(int generation, IReadOnlyDictionary<string, OrderSummary?> index, IReadOnlyDictionary<string, Held<ProductTally>> tallies) =>
        _views = null;

    protected override void Forgot(int generation) => _views = null;
}
