using OrderOrleans.Grains.Delivery;
using OrderOrleans.Grains.PersonalData;
using OrderOrleans.Grains.Processes;
using OrderOrleans.Grains.Projections;

namespace OrderOrleans.Grains;

/// <summary>The service's own settings, bound from the <c>OrderOrleans</c> configuration section.</summary>
public sealed class OrderOrleansOptions
{
    public const string Section = "OrderOrleans";

    /// <summary>Prepended to every table and queue name (letters and digits); isolates tests and environments sharing an account.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>How long a command waits for the event store before answering 503.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An order snapshot every this many events; activation then folds at most this many.</summary>
    public int SnapshotEvery { get; set; } = 50;

    /// <summary>Azure queues behind the <c>orders</c> stream; the shards' streams hash onto them, order is kept per stream.</summary>
    public int StreamQueues { get; set; } = 4;

    /// <summary>How often a pulling agent polls its queue; short, because projections' lag starts here.</summary>
    public TimeSpan StreamPollingPeriod { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The longest an idle queue goes unpolled: each empty poll doubles the wait from the polling period up to this.</summary>
    public TimeSpan StreamMaxIdlePoll { get; set; } = TimeSpan.FromMilliseconds(80);

    /// <summary>How long a received stream message stays invisible to other pollers before it is delivered and deleted.</summary>
    public TimeSpan StreamMessageVisibility { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Messages each pulling agent's cache holds: when its consumers fall behind it stops reading, so the backlog waits
    /// in the queue (Orleans' default of 4,096 messages of up to 48 events each is more than a silo should hold).
    /// </summary>
    public int StreamCacheMessages { get; set; } = 256;

    /// <summary>How long a placed order may stay unpaid before it is cancelled ("payment timeout").</summary>
    public PaymentDeadlineOptions PaymentDeadline { get; set; } = new();

    /// <summary>Each silo's event publisher: its capacity (back-pressure), batch size, backoff, and the lag health threshold.</summary>
    public DeliveryOptions Delivery { get; set; } = new();

    /// <summary>Bound from the top-level <c>PersonalData</c> section (see <see cref="PersonalDataOptions"/>), not from this one.</summary>
    public PersonalDataOptions PersonalData { get; set; } = new();

    /// <summary>The read side: order-list shards, retries before an event is parked.</summary>
    public ProjectionOptions Projections { get; set; } = new();

    /// <summary>What is wrong with these settings, each naming its key; empty when a silo can start with them.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Require(bool ok, string key, string rule)
        {
            if (!ok)
            {
                problems.Add($"{Section}:{key} {rule}.");
            }
        }
        Require(TablePrefix.All(char.IsAsciiLetterOrDigit), nameof(TablePrefix), "must be letters and digits only");
        Require(CommandTimeout > TimeSpan.Zero, nameof(CommandTimeout), "must be positive");
        Require(SnapshotEvery >= 0, nameof(SnapshotEvery), "must be 0 (no snapshots) or more");
        Require(StreamQueues >= 1, nameof(StreamQueues), "must be 1 or more");
        Require(StreamPollingPeriod > TimeSpan.Zero && StreamMaxIdlePoll >= StreamPollingPeriod, nameof(StreamPollingPeriod), "must be positive and at most StreamMaxIdlePoll");
        Require(StreamCacheMessages >= 1, nameof(StreamCacheMessages), "must be 1 or more");
        Require(Projections.Shards is >= 1 and <= 100, "Projections:Shards", "must be between 1 and 100");
        Require(Projections.CachedOrdersPerShard >= 1, "Projections:CachedOrdersPerShard", "must be 1 or more");
        Require(Projections.MaxPendingChanges >= 1, "Projections:MaxPendingChanges", "must be 1 or more");
        Require(Projections.TallyStoresAtOnce >= 0, "Projections:TallyStoresAtOnce", "must be 0 (no limit) or more");
        Require(Projections.VerifyShardsAtOnce >= 1, "Projections:VerifyShardsAtOnce", "must be 1 or more");
        Require(Projections.StoreAttempts >= 1, "Projections:StoreAttempts", "must be 1 or more");
        Require(Projections.ConsistencyWait > TimeSpan.Zero, "Projections:ConsistencyWait", "must be positive");
        Require(Projections.RetryDelay > TimeSpan.Zero, "Projections:RetryDelay", "must be positive");
        Require(Delivery.Capacity >= 1, "Delivery:Capacity", "must be 1 or more");
        Require(Delivery.MaxBatchEvents is >= 1 and <= 100, "Delivery:MaxBatchEvents", "must be between 1 and 100");
        return problems;
    }
}
