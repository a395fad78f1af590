namespace OrderOrleans.Grains.EventLog;

public sealed class EventLogOptions
{
    /// <summary>Prepended to every table name; letters and digits only. Lets tests and environments share one account.</summary>
    public string TablePrefix { get; set; } = "";

    public string EventsTable => TablePrefix + "OrderEvents";

    public string SnapshotsTable => TablePrefix + "OrderSnapshots";

    public string IdempotencyKeysTable => TablePrefix + "IdempotencyKeys";
}
