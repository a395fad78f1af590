using System.Text.Json.Serialization;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Projections.Tallies;

namespace OrderOrleans.Grains.Projections.Products;

/// <summary>One product's figures in one shard: sums of what each order's line contributes in the order's status.</summary>
public sealed class ProductTally(string productId) : ITally<ProductTally>
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

    /// <summary>What one order's line adds to its product in the order's status.</summary>
    public static ProductTally Of(FactLine line, OrderSummary order)
    {
        var units = (long)line.Quantity;
        var tally = new ProductTally(line.ProductId) { Name = line.Name };
        switch (order.Status)
        {
            case OrderStatus.Created:
                tally.InCart = units;
                return tally;
            case OrderStatus.Cancelled:
                tally.Cancelled = units;
                return tally;
            case OrderStatus.Placed or OrderStatus.Paid:
                tally.Reserved = units;
                break;
            case OrderStatus.Shipped:
                tally.Shipped = units;
                break;
            case OrderStatus.Delivered:
                tally.Delivered = units;
                break;
        }
        tally.Orders = 1;
        if (ReadModelRules.IsPaid(order.Status))
        {
            tally.Revenue[order.Currency] = line.LineTotal;
        }
        return tally;
    }

    public void Add(ProductTally contribution, int sign)
    {
        if (sign > 0 && contribution.Name is not null)
        {
            Name = contribution.Name;
        }
        Orders += sign * contribution.Orders;
        InCart += sign * contribution.InCart;
        Reserved += sign * contribution.Reserved;
        Shipped += sign * contribution.Shipped;
        Delivered += sign * contribution.Delivered;
        Cancelled += sign * contribution.Cancelled;
        Tallied.Add(Revenue, contribution.Revenue, sign);
    }

    [JsonIgnore]
    public bool IsZero => Orders == 0 && InCart == 0 && Reserved == 0 && Shipped == 0 && Delivered == 0 && Cancelled == 0 && Revenue.Count == 0;

    public ProductTally Copy() => new(ProductId)
    {
        Name = Name, Orders = Orders, InCart = InCart, Reserved = Reserved, Shipped = Shipped, Delivered = Delivered,
        Cancelled = Cancelled, Revenue = new(Revenue, StringComparer.Ordinal),
    };

    public ProductView ToView() => new(ProductId, Name, Orders, InCart, Reserved, Shipped, Delivered, Cancelled, Revenue.ToDictionary(StringComparer.Ordinal));

    /// <summary>Adds one shard's figures of the product, from its view.</summary>
    public void Add(ProductView part)
    {
        if (part.Name is not null)
        {
            Name = part.Name;
        }
        Orders += part.Orders;
        InCart += part.UnitsInCart;
        Reserved += part.UnitsReserved;
        Shipped += part.UnitsShipped;
        Delivered += part.UnitsDelivered;
        Cancelled += part.UnitsCancelled;
        Tallied.Add(Revenue, part.Revenue, 1);
    }

    /// <summary>Sums one product's figures from every shard; null when no shard has any.</summary>
    public static ProductView? Merge(string productId, IEnumerable<ProductView?> parts)
    {
        var total = new ProductTally(productId);
        var any = false;
        foreach (var p in parts.OfType<ProductView>())
        {
            any = true;
            total.Add(p);
        }
        return any ? total.ToView() : null;
    }
}
