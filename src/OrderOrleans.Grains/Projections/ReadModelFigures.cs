using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// The customer and analytics views: figures computed from order summaries, per shard and then merged.
/// Placed and paid count orders that were ever placed or paid (a later cancellation included); value and revenue
/// count payments on orders that are not cancelled.
/// </summary>
public static class ReadModelFigures
{
    public static bool IsPaid(OrderStatus status) => status is OrderStatus.Paid or OrderStatus.Shipped or OrderStatus.Delivered;

    public static CustomerStats Customer(string customerId, IEnumerable<OrderSummary> orders)
    {
        var stats = CustomerStats.Empty(customerId);
        var value = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var o in orders)
        {
            stats = stats with
            {
                OrderCount = stats.OrderCount + 1,
                PlacedCount = stats.PlacedCount + (o.PlacedAt is null ? 0 : 1),
                PaidCount = stats.PaidCount + (o.PaidAt is null ? 0 : 1),
                CancelledCount = stats.CancelledCount + (o.Status == OrderStatus.Cancelled ? 1 : 0),
                FirstOrderAt = Min(stats.FirstOrderAt, o.CreatedAt),
                LastOrderAt = Max(stats.LastOrderAt, o.CreatedAt),
            };
            if (IsPaid(o.Status))
            {
                value[o.Currency] = value.GetValueOrDefault(o.Currency) + o.AmountPaid;
            }
        }
        return stats with { LifetimeValue = value };
    }

    public static CustomerStats Merge(string customerId, IEnumerable<CustomerStats> parts)
    {
        var total = CustomerStats.Empty(customerId);
        var value = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var p in parts)
        {
            total = total with
            {
                OrderCount = total.OrderCount + p.OrderCount,
                PlacedCount = total.PlacedCount + p.PlacedCount,
                PaidCount = total.PaidCount + p.PaidCount,
                CancelledCount = total.CancelledCount + p.CancelledCount,
                FirstOrderAt = p.FirstOrderAt is { } first ? Min(total.FirstOrderAt, first) : total.FirstOrderAt,
                LastOrderAt = p.LastOrderAt is { } last ? Max(total.LastOrderAt, last) : total.LastOrderAt,
            };
            foreach (var (currency, amount) in p.LifetimeValue)
            {
                value[currency] = value.GetValueOrDefault(currency) + amount;
            }
        }
        return total with { LifetimeValue = value };
    }

    public static AnalyticsSummary Analytics(IEnumerable<OrderSummary> orders) => Merge(orders.Select(o => new AnalyticsSummary(
        1,
        [new StatusFigures(o.Status, 1, o.Currency, o.Total)],
        [
            new DayFigures(DateOnly.FromDateTime(o.CreatedAt.UtcDateTime), o.Currency, 1, 0m),
            .. o.PaidAt is { } paidAt && IsPaid(o.Status)
                ? [new DayFigures(DateOnly.FromDateTime(paidAt.UtcDateTime), o.Currency, 0, o.AmountPaid)]
                : Array.Empty<DayFigures>(),
        ])));

    public static AnalyticsSummary Merge(IEnumerable<AnalyticsSummary> parts)
    {
        var total = 0;
        var byStatus = new Dictionary<(OrderStatus, string), (int Orders, decimal Value)>();
        var byDay = new Dictionary<(DateOnly, string), (int Created, decimal Revenue)>();
        foreach (var part in parts)
        {
            total += part.TotalOrders;
            foreach (var s in part.ByStatus)
            {
                var held = byStatus.GetValueOrDefault((s.Status, s.Currency));
                byStatus[(s.Status, s.Currency)] = (held.Orders + s.Orders, held.Value + s.Value);
            }
            foreach (var d in part.ByDay)
            {
                var held = byDay.GetValueOrDefault((d.Date, d.Currency));
                byDay[(d.Date, d.Currency)] = (held.Created + d.OrdersCreated, held.Revenue + d.Revenue);
            }
        }
        return new AnalyticsSummary(
            total,
            [.. byStatus.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2, StringComparer.Ordinal)
                .Select(p => new StatusFigures(p.Key.Item1, p.Value.Orders, p.Key.Item2, p.Value.Value))],
            [.. byDay.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2, StringComparer.Ordinal)
                .Select(p => new DayFigures(p.Key.Item1, p.Key.Item2, p.Value.Created, p.Value.Revenue))]);
    }

    private static DateTimeOffset Min(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;
}
