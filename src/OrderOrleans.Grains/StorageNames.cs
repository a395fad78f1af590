namespace OrderOrleans.Grains;

/// <summary>
/// Every table and queue the service uses, each under the one configured prefix (<c>OrderOrleans:TablePrefix</c>), so
/// tests and environments can share a storage account without seeing each other's data.
/// </summary>
public sealed class StorageNames(string prefix)
{
    public string Prefix { get; } = prefix;

    public string Events => Prefix + "OrderEvents";

    public string Snapshots => Prefix + "OrderSnapshots";

    public string IdempotencyKeys => Prefix + "IdempotencyKeys";

    public string CustomerKeys => Prefix + "CustomerKeys";

    public string PersonalDataAudit => Prefix + "PersonalDataAudit";

    public string Projections => Prefix + "Projections";

    public string DeadLetters => Prefix + "DeadLetters";

    /// <summary>Per silo, the orders it may hold changes of that some view lacks (see <c>InFlightOrders</c>).</summary>
    public string InFlightOrders => Prefix + "InFlightOrders";

    public string GrainState => Prefix + "OrleansGrainState";

    public string Reminders => Prefix + "OrleansReminders";

    /// <summary>One shard of a tally projection's generation: <c>{prefix}{table}G{generation}S{shard}</c>.</summary>
    public string Tally(string table, int generation, int shard) => $"{TallyShards(table, generation)}{shard:D2}";

    /// <summary>What the names of a generation's shards start with: <c>{prefix}{table}G{generation}S</c>.</summary>
    public string TallyShards(string table, int generation) => $"{Prefix}{table}G{generation}S";

    /// <summary>A queue of the <c>orders</c> stream (queue names are lower case).</summary>
    public string StreamQueue(int index) => $"{Prefix.ToLowerInvariant()}orders-{index}";
}
