namespace OrderOrleans.Domain;

/// <summary>What an order can be asked to do.</summary>
public enum OrderAction
{
    AddItem,
    RemoveItem,
    Place,
    Pay,
    Ship,
    Deliver,
    Cancel,
}

/// <summary>Which actions each status allows: the one statement of the lifecycle, read by the rules and the dashboard.</summary>
public static class OrderLifecycle
{
    public static bool Allows(this OrderStatus status, OrderAction action) => action switch
    {
        OrderAction.AddItem or OrderAction.RemoveItem or OrderAction.Place => status == OrderStatus.Created,
        OrderAction.Pay => status == OrderStatus.Placed,
        OrderAction.Ship => status == OrderStatus.Paid,
        OrderAction.Deliver => status == OrderStatus.Shipped,
        OrderAction.Cancel => status is OrderStatus.Created or OrderStatus.Placed or OrderStatus.Paid,
        _ => false,
    };
}
