using OrderOrleans.Domain;

namespace OrderOrleans.Contracts.Orders;

/// <summary>One order, keyed by its id. The only writer of that order's event log.</summary>
[Alias("IOrderGrain")]
public interface IOrderGrain : IGrainWithStringKey
{
    [Alias("Execute")]
    Task<CommandResult> Execute(OrderCommand command);

    /// <summary>The order's current confirmed state, or null when it does not exist.</summary>
    [Alias("GetOrder")]
    Task<OrderView?> GetOrder();

    /// <summary>The audit trail: stored events from <paramref name="fromVersion"/>, at most <paramref name="limit"/>; null when the order does not exist.</summary>
    [Alias("GetEvents")]
    Task<IReadOnlyList<StoredEvent>?> GetEvents(int fromVersion, int limit);

    /// <summary>The order as it was at a version or a time (the newest snapshot at or below it, then the events after).</summary>
    [Alias("GetHistory")]
    Task<Answer<OrderView>> GetHistory(int? version, DateTimeOffset? at);

    /// <summary>Folds the order's history with versions left out or events put in, and reports what the rules would refuse. Writes nothing.</summary>
    [Alias("Replay")]
    Task<Answer<ReplayResult>> Replay(ReplayRequest request);

    /// <summary>Drops what this activation holds in memory, so the next call reads the order again (after an erasure).</summary>
    [Alias("Unload")]
    Task Unload();

    /// <summary>
    /// Rewrites the personal fields of this order's rows stored before encryption as erased, drops its snapshots and its
    /// activation; how many rows it rewrote (none for rows written since, which erasing the key reaches).
    /// </summary>
    [Alias("EraseClearPersonalData")]
    Task<int> EraseClearPersonalData();
}
