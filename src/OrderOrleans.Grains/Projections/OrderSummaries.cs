using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.Orders;

namespace OrderOrleans.Grains.Projections;

public static class OrderSummaries
{
    public static OrderSummary Of(OrderState state) => new(
        state.OrderId, state.CustomerId, state.Status, state.Currency, state.Total, state.AmountPaid,
        state.Lines.Count, state.CreatedAt, state.UpdatedAt, state.PaidAt, state.Version, state.PlacedAt);
}
