using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Grains.Projections.Analytics;

/// <summary>Sums the shards' analytics: per status and currency, per day and currency.</summary>
public static class AnalyticsMerge
{
    public static AnalyticsSummary Of(IEnumerable<AnalyticsSummary> parts)
    {
        var byStatus = new Dictionary<(OrderStatus, string), StatusFigures>();
        var byDay = new Dictionary<(DateOnly, string), DayFigures>();
        foreach (var part in parts)
        {
            foreach (var s in part.ByStatus)
            {
                byStatus[(s.Status, s.Currency)] = byStatus.TryGetValue((s.Status, s.Currency), out var held)
                    ? held with { Orders = held.Orders + s.Orders, Value = held.Value + s.Value }
                    : s;
            }
            foreach (var d in part.ByDay)
            {
                byDay[(d.Date, d.Currency)] = byDay.TryGetValue((d.Date, d.Currency), out var held)
                    ? held with
                    {
                        OrdersCreated = held.OrdersCreated + d.OrdersCreated, OrdersPlaced = held.OrdersPlaced + d.OrdersPlaced,
                        OrdersPaid = held.OrdersPaid + d.OrdersPaid, OrdersCancelled = held.OrdersCancelled + d.OrdersCancelled,
                        Revenue = held.Revenue + d.Revenue,
                    }
                    : d;
            }
        }
        return new AnalyticsSummary(
            byStatus.Values.Sum(s => s.Orders),
            [.. byStatus.Values.OrderBy(s => s.Status).ThenBy(s => s.Currency, StringComparer.Ordinal)],
            [.. byDay.Values.OrderBy(d => d.Date).ThenBy(d => d.Currency, StringComparer.Ordinal)]);
    }
}
