using GraphQL;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>A customer's figures for the <c>customer</c> query and an order's <c>customer</c> field; null when it has no orders.</summary>
public static class CustomerLookup
{
    public static async Task<CustomerStats?> FindAsync(IResolveFieldContext c, string customerId)
    {
        var stats = await OrderQuery.Grains(c).Grain<IReadModelGrain>(0).GetCustomerStats(customerId);
        return stats.OrderCount > 0 ? stats : null;
    }
}
