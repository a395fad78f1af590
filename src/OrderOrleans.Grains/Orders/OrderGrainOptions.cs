namespace OrderOrleans.Grains.Orders;

public sealed class OrderGrainOptions
{
    /// <summary>How long a command waits for the event store before answering "unavailable".</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
