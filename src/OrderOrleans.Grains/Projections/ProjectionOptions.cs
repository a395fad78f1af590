namespace OrderOrleans.Grains.Projections;

public sealed class ProjectionOptions
{
    /// <summary>Order-list shards. Each holds its orders in memory and as rows; 16 keep 100,000 orders at ~6,000 a shard.</summary>
    public int Shards { get; set; } = 16;

    /// <summary>Order checkpoints a product-view shard keeps in memory (the rest are read by point read when they change).</summary>
    public int CachedOrdersPerShard { get; set; } = 4096;

    /// <summary>Attempts to apply an event before it is parked as a dead letter.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first retry's delay; each further one doubles it.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
