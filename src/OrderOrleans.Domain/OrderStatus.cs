namespace OrderOrleans.Domain;

/// <summary>Lifecycle: Created, then Placed, Paid, Shipped and Delivered; Cancelled from Created, Placed or Paid.</summary>
public enum OrderStatus
{
    Created,
    Placed,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
}
