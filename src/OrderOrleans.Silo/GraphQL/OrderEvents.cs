using GraphQL;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Silo.Endpoints;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>An order's events for the <c>events</c> field, with REST's bounds on fromVersion and limit.</summary>
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
        return await OrderQuery.Grains(c).Order(orderId).GetEvents(from, limit) ?? [];
    }
}
