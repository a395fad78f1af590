namespace OrderOrleans.Grains.Projections;

public sealed class ProjectionOptions
{
    /// <summary>
    /// Shards of every projection: the streams and the storage partitions the changes are spread over, and how many grains
    /// share each projection's work across silos. Fewer shards each take more changes per message and per store, so the
    /// same load costs fewer queue calls and transactions: on Azurite with two cores 4 shards carried 39,361 orders in the
    /// sustained load where 16 carried 27,000-31,000 (docs/performance.md). Changing it needs a rebuild of each projection.
    /// </summary>
    public int Shards { get; set; } = 4;

    /// <summary>Order checkpoints (and tallies) a projection shard keeps in memory; the rest are read by point read when they change.</summary>
    public int CachedOrdersPerShard { get; set; } = 4096;

    /// <summary>
    /// The most rows an order-list shard reads for one query. Pages the storage is laid out for read about their size;
    /// a sort by total, or a filter the rows are not ordered by, reads more, and past this the query is refused.
    /// </summary>
    public int ListRowsPerQuery { get; set; } = 5000;

    /// <summary>
    /// The first rows of each order-list family (every order, each status, each recently asked customer) a shard keeps
    /// in memory as it writes them, so first pages cost no storage call; customers' heads share <see cref="CachedOrdersPerShard"/> rows.
    /// </summary>
    public int ListHeadRows { get; set; } = 128;

    /// <summary>
    /// Changes a shard's consumer may hold taken but not yet being stored; past it a delivery waits for the next store
    /// (at most <see cref="MaxDeliveryHold"/>), so a backlog stays in the stream's queue. Live load stays far below it.
    /// </summary>
    public int MaxPendingChanges { get; set; } = 2_000;

    public TimeSpan MaxDeliveryHold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Stores of the tally projections (customers, products, analytics) one silo runs at once; 0 for no limit. The order
    /// list's stores and the appends do not wait for them (see <see cref="Tallies.TallyStoreTurns"/>).
    /// </summary>
    public int TallyStoresAtOnce { get; set; } = 2;

    /// <summary>
    /// Stores of a batch that storage refused (a 4xx, not an outage) before its changes are stored one at a time and each
    /// that is still refused is parked as a dead letter, so one bad row cannot hold its shard's other changes back.
    /// </summary>
    public int StoreAttempts { get; set; } = 5;

    /// <summary>
    /// Shards a verify compares at once, each by scanning its rows: on Azurite, sixteen at once kept its one table process
    /// from answering within the client's timeout at 200,000 orders.
    /// </summary>
    public int VerifyShardsAtOnce { get; set; } = 4;

    /// <summary>
    /// How long a read-model query sent with a command's Consistency-Token waits for the views it reads to hold that
    /// command's change before it answers 503 <c>projection.behind</c>.
    /// </summary>
    public TimeSpan ConsistencyWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first delay before storing a failed batch again; each further failure doubles it, up to 10 s, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
