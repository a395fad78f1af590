namespace OrderOrleans.Contracts.Orders;

/// <summary>Names shared by the producer (each silo's event publisher) and the consumers (projections) of the event stream.</summary>
public static class OrderStreams
{
    /// <summary>The stream provider's name.</summary>
    public const string Provider = "orders";

    /// <summary>
    /// The stream namespace. The stream key is an order-list shard number: every order of a shard shares one stream, so
    /// one queue message carries many orders' changes and its consumer stores them in one transaction.
    /// </summary>
    public const string Namespace = "order-shards";
}
