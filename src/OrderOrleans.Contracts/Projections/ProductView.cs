namespace OrderOrleans.Contracts.Projections;

/// <summary>
/// A product across all orders (the inventory-status read model): units by where their orders stand, and revenue from
/// paid orders per currency. An order's units move between the figures as its status changes.
/// </summary>
/// <param name="UnitsInCart">In orders still Created (not placed).</param>
/// <param name="UnitsReserved">In orders Placed or Paid: promised, not shipped.</param>
/// <param name="Orders">Orders ever placed and not cancelled that hold the product.</param>
[GenerateSerializer, Immutable, Alias("ProductView")]
public sealed record ProductView(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string? Name,
    [property: Id(2)] int Orders,
    [property: Id(3)] long UnitsInCart,
    [property: Id(4)] long UnitsReserved,
    [property: Id(5)] long UnitsShipped,
    [property: Id(6)] long UnitsDelivered,
    [property: Id(7)] long UnitsCancelled,
    [property: Id(8)] IReadOnlyDictionary<string, decimal> Revenue)
{
    /// <summary>Units in orders placed and not cancelled: reserved + shipped + delivered.</summary>
    public long UnitsOrdered => UnitsReserved + UnitsShipped + UnitsDelivered;
}

public enum ProductSort
{
    /// <summary>Most units ordered first (top sellers).</summary>
    Units,
    /// <summary>Most revenue first, summed over currencies.</summary>
    Revenue,
    /// <summary>By product id.</summary>
    ProductId,
}
