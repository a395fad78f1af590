namespace OrderOrleans.Grains.Orders;

public sealed class OrderGrainOptions
{
    /// <summary>How long a command waits for the event store before answering "unavailable".</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A snapshot is written each time the order's version reaches a multiple of this (0: never).</summary>
    public int SnapshotEvery { get; set; } = 50;
}
