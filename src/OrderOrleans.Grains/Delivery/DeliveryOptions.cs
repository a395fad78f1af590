namespace OrderOrleans.Grains.Delivery;

/// <summary>How each silo's event publisher batches, bounds and retries its hand-over to the <c>orders</c> stream.</summary>
public sealed class DeliveryOptions
{
    /// <summary>Events a silo holds that no view has stored yet (waiting or on the way); beyond it commands answer 503.</summary>
    public int Capacity { get; set; } = 5_000;

    /// <summary>
    /// When the oldest event this silo holds is older than this, a command first waits (up to <see cref="MaxPaceWait"/>)
    /// for delivery to catch up: under a load the machine cannot carry, clients slow down instead of the views falling
    /// further and further behind.
    /// </summary>
    public TimeSpan PaceWhenBehind { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxPaceWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most events in one stream message (an Azure queue message holds 64 KiB).</summary>
    public int MaxBatchEvents { get; set; } = 48;

    /// <summary>The first retry's delay after a failed publish; it doubles per failure, with jitter, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A sent batch some view has not confirmed within this long is sent again (then after twice as long, and so on):
    /// its message was lost, or the view took it and lost it with its silo. Well above the lag of a busy system
    /// (under a second), so a slow view is not sent the same batch again.
    /// </summary>
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A published batch some view has not confirmed within this long, though sent again, is taken as lost (verify?repair=true mends its views).</summary>
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// An order's row in the silo's in-flight orders goes once the order has had no command for this long and nothing of
    /// it is held: what a dead silo leaves to catch up is about its orders of the last minute.
    /// </summary>
    public TimeSpan InFlightIdleAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each silo looks for silos that are gone and left in-flight orders, and catches those orders up.</summary>
    public TimeSpan RecoveryScanEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Health turns Degraded when the oldest event not yet in the views is older than this.</summary>
    public TimeSpan LagDegradedAfter { get; set; } = TimeSpan.FromSeconds(30);
}
