using GraphQL;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Silo.Endpoints;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>Lookups more than one type resolves: a customer's figures, an order's events.</summary>
public static class ReadModels
{
    public static async Task<CustomerStats?> CustomerAsync(IResolveFieldContext c, string customerId)
    {
        var stats = await OrderQuery.Grains(c).GetGrain<IReadModelGrain>(0).GetCustomerStats(customerId);
        return stats.OrderCount > 0 ? stats : null;
    }
}

public static class OrderEvents
{
    public static async Task<IReadOnlyList<StoredEvent>> ReadAsync(IResolveFieldContext c, string orderId)
    {
        var (from, limit) = (c.GetArgument("fromVersion", 1), c.GetArgument("limit", OrderQueryEndpoints.MaxEventPage));
        var errors = new RequestErrors();
        if (from < 1)
        {
            errors.Add("fromVersion", "fromVersion must be 1 or more.");
        }
        if (limit is < 1 or > OrderQueryEndpoints.MaxEventPage)
        {
            errors.Add("limit", $"limit must be between 1 and {OrderQueryEndpoints.MaxEventPage}.");
        }
        GraphErrors.ThrowIfAny(errors);
        return await OrderQuery.Grains(c).GetGrain<IOrderGrain>(orderId).GetEvents(from, limit) ?? [];
    }
}
