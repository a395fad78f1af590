using System.Text.Json.Serialization;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Projections.OrderList;
using OrderOrleans.Grains.Projections.Tallies;

namespace OrderOrleans.Grains.Projections.Customers;

/// <summary>
/// One customer's figures in one shard: counts and lifetime value as sums over the customer's orders, first and last
/// order (an order's creation time never changes, so they only widen), and the newest orders.
/// </summary>
public sealed class CustomerTally(string customerId) : ITally<CustomerTally>
{
    /// <summary>Orders kept in <see cref="Recent"/>, newest first.</summary>
    public const int RecentCount = 10;

    public string CustomerId { get; } = customerId;
    public int Orders { get; set; }
    public int Placed { get; set; }
    public int Paid { get; set; }
    public int Cancelled { get; set; }
    public Dictionary<string, decimal> LifetimeValue { get; init; } = new(StringComparer.Ordinal);
    public DateTimeOffset? FirstOrderAt { get; set; }
    public DateTimeOffset? LastOrderAt { get; set; }
    public List<OrderSummary> Recent { get; init; } = [];

    /// <summary>What one order adds to its customer. Lifetime value counts orders paid and not cancelled.</summary>
    public static CustomerTally Of(OrderSummary order) => new(order.CustomerId)
    {
        Orders = 1,
        Placed = order.PlacedAt is null ? 0 : 1,
        Paid = order.PaidAt is null ? 0 : 1,
        Cancelled = order.Status == OrderStatus.Cancelled ? 1 : 0,
        LifetimeValue = ReadModelRules.IsPaid(order.Status) ? new(StringComparer.Ordinal) { [order.Currency] = order.AmountPaid } : new(StringComparer.Ordinal),
        FirstOrderAt = order.CreatedAt,
        LastOrderAt = order.CreatedAt,
        Recent = [order],
    };

    public void Add(CustomerTally contribution, int sign)
    {
        Orders += sign * contribution.Orders;
        Placed += sign * contribution.Placed;
        Paid += sign * contribution.Paid;
        Cancelled += sign * contribution.Cancelled;
        Tallied.Add(LifetimeValue, contribution.LifetimeValue, sign);
        foreach (var order in contribution.Recent)
        {
            Recent.RemoveAll(o => o.OrderId == order.OrderId);
        }
        if (sign > 0)
        {
            FirstOrderAt = Min(FirstOrderAt, contribution.FirstOrderAt);
            LastOrderAt = Max(LastOrderAt, contribution.LastOrderAt);
            Recent.AddRange(contribution.Recent);
            Recent.Sort(OrderListOrder.For(OrderListSort.Newest));
            if (Recent.Count > RecentCount)
            {
                Recent.RemoveRange(RecentCount, Recent.Count - RecentCount);
            }
        }
    }

    [JsonIgnore]
    public bool IsZero => Orders == 0 && Placed == 0 && Paid == 0 && Cancelled == 0 && LifetimeValue.Count == 0 && Recent.Count == 0;

    public CustomerTally Copy() => new(CustomerId)
    {
        Orders = Orders, Placed = Placed, Paid = Paid, Cancelled = Cancelled, LifetimeValue = new(LifetimeValue, StringComparer.Ordinal),
        FirstOrderAt = FirstOrderAt, LastOrderAt = LastOrderAt, Recent = [.. Recent],
    };

    public CustomerStats ToStats() =>
        new(CustomerId, Orders, Placed, Paid, Cancelled, LifetimeValue.ToDictionary(StringComparer.Ordinal), FirstOrderAt, LastOrderAt, [.. Recent]);

    /// <summary>Sums one customer's figures from every shard.</summary>
    public static CustomerStats Merge(string customerId, IEnumerable<CustomerStats?> parts)
    {
        var total = new CustomerTally(customerId);
        foreach (var p in parts.OfType<CustomerStats>())
        {
            total.Add(new CustomerTally(customerId)
            {
                Orders = p.OrderCount, Placed = p.PlacedCount, Paid = p.PaidCount, Cancelled = p.CancelledCount,
                LifetimeValue = new(p.LifetimeValue, StringComparer.Ordinal), FirstOrderAt = p.FirstOrderAt, LastOrderAt = p.LastOrderAt,
                Recent = [.. p.RecentOrders],
            }, 1);
        }
        return total.ToStats();
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null || a <= b ? a : b;

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null || a >= b ? a : b;
}
