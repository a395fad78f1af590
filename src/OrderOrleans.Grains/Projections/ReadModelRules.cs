using OrderOrleans.Domain;

namespace OrderOrleans.Grains.Projections;

/// <summary>What the read models agree on.</summary>
public static class ReadModelRules
{
    /// <summary>An order whose payment counts as revenue and lifetime value: paid and not cancelled since.</summary>
    public static bool IsPaid(OrderStatus status) => status is OrderStatus.Paid or OrderStatus.Shipped or OrderStatus.Delivered;
}
