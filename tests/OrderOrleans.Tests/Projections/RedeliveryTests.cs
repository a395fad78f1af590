using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Testing;
using OrderOrleans.Tests.Infrastructure;
using OrderOrleans.Tests.Api;

namespace OrderOrleans.Tests.Projections;

/// <summary>
/// A message delivered again (its deletion timed out while storage was slow) comes back inside a batch that spans
/// several transactions: the shard finds every repeat in one retry, rather than failing the batch into a backoff once
/// per transaction that holds one (which, with a backlog of thousands, stalled a view for minutes).
/// </summary>
public sealed class RedeliveryTests : IAsyncLifetime
{
    private SiloApp _app = null!;

    // A shard that remembers one order's checkpoint: repeats are found in storage, as in a backlog larger than the cache.
    public async Task InitializeAsync() =>
        _app = new SiloApp((await AzuriteServer.Shared).ConnectionString, services: s => s.AddLogging(b => b.AddFakeLogging()))
        {
            Settings = { ["OrderOrleans:Projections:CachedOrdersPerShard"] = "1" },
        };

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Repeats_spread_over_a_batch_of_several_transactions_are_found_in_one_retry_without_failing_the_batch()
    {
        // Fourteen orders of one shard, each with nine products of its own: ten rows per order in the products view, so a
        // batch of fourteen is two transactions (at most 100 rows each).
        var first = TestNames.OrderId("again");
        var shard = ShardDelivery.ShardOf(_app.Services, first);
        var orders = Enumerable.Range(0, 2000).Select(i => TestNames.OrderId($"again{i}"))
            .Where(id => ShardDelivery.ShardOf(_app.Services, id) == shard).Take(14).Select(Created).ToList();
        var products = _app.Services.GetRequiredService<IGrainFactory>().GetGrain<IProductShardGrain>(shard);

        await ShardDelivery.DeliverTogether(_app.Services, [.. orders[..7]]);
        await Eventually.Until(() => Task.WhenAll(orders[..7].Select(o => products.GetVersion(o.Summary.OrderId))), v => v.All(x => x == 10));
        // The first seven again, each beside a new one: both transactions hold repeats the shard does not remember.
        await ShardDelivery.DeliverTogether(_app.Services, [.. orders[7..].Zip(orders[..7]).SelectMany(pair => new[] { pair.First, pair.Second })]);

        await Eventually.Until(() => Task.WhenAll(orders.Select(o => products.GetVersion(o.Summary.OrderId))), v => v.All(x => x == 10));
        var failures = _app.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Message.Contains("storing a batch failed", StringComparison.Ordinal));
        failures.ShouldBeEmpty();
        // Each order counted once: a product of a repeated order holds its one unit.
        var product = await _app.CreateClient().GetJson($"/api/products/{orders[0].Summary.OrderId}-p0");
        product["unitsInCart"]!.GetValue<long>().ShouldBe(1);
    }

    /// <summary>An order created with nine items, as the change its creation and items publish together.</summary>
    private static OrderChange Created(string orderId) => ShardDelivery.NewOrder(orderId,
        [new OrderCreated("again-customer", "USD", null), .. Enumerable.Range(0, 9).Select(i => new ItemAdded($"{orderId}-p{i}", $"Product {i}", 1, 1m))]);
}
