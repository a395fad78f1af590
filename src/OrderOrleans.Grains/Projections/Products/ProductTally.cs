using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections.Products;

/// <summary>
/// One product's figures in one shard, kept as sums of what each order contributes, so a change of an order moves its
/// units by subtracting its old contribution and adding its new one (no order is kept to recount).
/// </summary>
public sealed class ProductTally(string productId)
{
    public string ProductId { get; } = productId;
    public string? Name { get; set; }
    public int Orders { get; set; }
    public long InCart { get; set; }
    public long Reserved { get; set; }
    public long Shipped { get; set; }
    public long Delivered { get; set; }
    public long Cancelled { get; set; }
    public Dictionary<string, decimal> Revenue { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Adds (<paramref name="sign"/> 1) or takes away (-1) what one order's line contributes in the order's status.</summary>
    public void Add(ProductLine line, OrderStatus status, string currency, int sign)
    {
        if (sign > 0 && line.Name is not null)
        {
            Name = line.Name;
        }
        var units = sign * (long)line.Quantity;
        switch (status)
        {
            case OrderStatus.Created:
                InCart += units;
                return;
            case OrderStatus.Cancelled:
                Cancelled += units;
                return;
            case OrderStatus.Placed:
                Reserved += units;
                break;
            case OrderStatus.Paid:
                Reserved += units;
                break;
            case OrderStatus.Shipped:
                Shipped += units;
                break;
            case OrderStatus.Delivered:
                Delivered += units;
                break;
        }
        Orders += sign;
        if (ReadModelFigures.IsPaid(status))
        {
            var revenue = Revenue.GetValueOrDefault(currency) + sign * line.LineTotal;
            if (revenue == 0m)
            {
                Revenue.Remove(currency);
            }
            else
            {
                Revenue[currency] = revenue;
            }
        }
    }

    public ProductTally Copy() => new(ProductId)
    {
        Name = Name, Orders = Orders, InCart = InCart, Reserved = Reserved, Shipped = Shipped, Delivered = Delivered,
        Cancelled = Cancelled, Revenue = new(Revenue, StringComparer.Ordinal),
    };

    public ProductView ToView() => new(ProductId, Name, Orders, InCart, Reserved, Shipped, Delivered, Cancelled, Revenue.ToDictionary(StringComparer.Ordinal));

    /// <summary>Sums one product's tallies from every shard.</summary>
    public static ProductView? Merge(string productId, IEnumerable<ProductView?> parts)
    {
        var total = new ProductTally(productId);
        var any = false;
        foreach (var p in parts.OfType<ProductView>())
        {
            any = true;
            total.Name ??= p.Name;
            total.Orders += p.Orders;
            total.InCart += p.UnitsInCart;
            total.Reserved += p.UnitsReserved;
            total.Shipped += p.UnitsShipped;
            total.Delivered += p.UnitsDelivered;
            total.Cancelled += p.UnitsCancelled;
            foreach (var (currency, amount) in p.Revenue)
            {
                total.Revenue[currency] = total.Revenue.GetValueOrDefault(currency) + amount;
            }
        }
        return any ? total.ToView() : null;
    }
}

/// <summary>What the product view keeps of an order's line: enough to take its contribution back later.</summary>
public sealed record ProductLine(string ProductId, string? Name, int Quantity, decimal LineTotal);

/// <summary>The product view's checkpoint for one order: the version applied and what the order contributed at it.</summary>
public sealed record ProductOrder(int Version, OrderStatus Status, string Currency, IReadOnlyList<ProductLine> Lines)
{
    public static ProductOrder Of(OrderSummary summary, IEnumerable<OrderLineView> lines) =>
        new(summary.Version, summary.Status, summary.Currency, [.. lines.Select(l => new ProductLine(l.ProductId, l.Name, l.Quantity, l.LineTotal))]);
}
