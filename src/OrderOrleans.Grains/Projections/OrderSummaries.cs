using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Grains.Projections;

public static class OrderSummaries
{
    public static OrderSummary Of(OrderState state) => new(
        state.OrderId, state.CustomerId, state.Status, state.Currency, state.Total, state.AmountPaid,
        state.Lines.Count, state.CreatedAt, state.UpdatedAt, state.PaidAt, state.Version, state.PlacedAt);

    /// <summary>
    /// What the projections are sent for these events: the events, and the order's summary and lines after them. Never
    /// the events' personal fields: they stay in the log, sealed, and no read model holds them.
    /// </summary>
    public static OrderChange ChangeOf(OrderState state, IReadOnlyList<EventEnvelope> events) =>
        new(Of(state), [.. events.Select(e => EventSerializer.HasPersonalData(e.Event) ? e with { Event = EventSerializer.WithoutPersonalData(e.Event) } : e)], [.. state.Lines]);
}
