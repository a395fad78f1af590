namespace OrderOrleans.Contracts.Orders;

/// <summary>Names shared by the producer (order grain) and the consumers (projections) of the event stream.</summary>
public static class OrderStreams
{
    /// <summary>The stream provider's name.</summary>
    public const string Provider = "orders";

    /// <summary>The stream namespace; the stream key is the order id.</summary>
    public const string Namespace = "orders";
}
