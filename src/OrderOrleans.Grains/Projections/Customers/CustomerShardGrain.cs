using Microsoft.Extensions.Logging;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.Projections.Tallies;

namespace OrderOrleans.Grains.Projections.Customers;

/// <summary>
/// One shard of the customer view (projection <c>customers</c>): per customer, the figures of this shard's orders.
/// Customers grow with the business, so their tallies are cached and read by key, not all held.
/// </summary>
[ImplicitStreamSubscription(OrderStreams.Namespace)]
public sealed class CustomerShardGrain(TallyServices services, ILogger<CustomerShardGrain> logger)
    : TallyShardGrain<CustomerTally>(services, logger), ICustomerShardGrain
{
    private static readonly LogThrottle s_storeFailures = new(TimeSpan.FromSeconds(10));

    protected override string Name => ProjectionNames.Customers;

    protected override bool HoldsAllTallies => false;

    protected override bool TakesTurns => true;

    protected override LogThrottle StoreFailures => s_storeFailures;

    protected override IEnumerable<(string Key, CustomerTally Contribution)> Contribute(OrderFacts order) =>
        [(order.Summary.CustomerId, CustomerTally.Of(order.Summary))];

    protected override CustomerTally Empty(string key) => new(key);

    public async Task<CustomerStats?> GetCustomer(string customerId) => (await Find(customerId))?.ToStats();

    /// <summary>One range of this shard's tally rows: as many rows as asked for, whatever the number of orders.</summary>
    public async Task<IReadOnlyList<CustomerStats>> FindCustomers(string prefix, string? after, int limit)
    {
        var found = new List<CustomerStats>(limit);
        await foreach (var tally in Rows.ScanTalliesAsync<CustomerTally>(Table, AnsweringGeneration, Shard, prefix, after, limit))
        {
            if (tally.Orders > 0)
            {
                found.Add(tally.ToStats());
            }
            if (found.Count == limit)
            {
                break;
            }
        }
        return found;
    }
}
