using System.Text.Json;
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

    protected override string Table => "Customers";

    protected override bool HoldsAllTallies => false;

    protected override LogThrottle StoreFailures => s_storeFailures;

    protected override IEnumerable<(string Key, CustomerTally Contribution)> Contribute(OrderFacts order) =>
        [(order.Summary.CustomerId, CustomerTally.Of(order.Summary))];

    protected override CustomerTally Empty(string key) => new(key);

    public async Task<CustomerStats?> GetCustomer(string customerId) => (await Find(customerId))?.ToStats();

    /// <summary>One range of this shard's tally rows (<c>t:{customerId}</c>): as many rows as asked for, whatever the number of orders.</summary>
    public async Task<IReadOnlyList<CustomerStats>> FindCustomers(string prefix, string? after, int limit)
    {
        var resume = after is not null && string.CompareOrdinal(after, prefix) >= 0;
        var from = TallyStore.TallyPrefix + (resume ? after : prefix);
        // The first key past every id with the prefix: its last character plus one ("t;" is past every tally).
        var to = prefix.Length == 0 ? "t;" : TallyStore.TallyPrefix + prefix[..^1] + (char)(prefix[^1] + 1);
        var found = new List<CustomerStats>(limit);
        await foreach (var (_, data) in Rows.ScanAsync(Table, AnsweringGeneration, Shard, from, resume, to, limit))
        {
            var tally = JsonSerializer.Deserialize<CustomerTally>(data, TallyStore.Json)!;
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
