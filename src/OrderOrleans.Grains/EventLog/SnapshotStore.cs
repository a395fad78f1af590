using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OrderOrleans.Domain;

namespace OrderOrleans.Grains.EventLog;

/// <summary>
/// Order snapshots in <c>OrderSnapshots</c>: PartitionKey = order id, RowKey = <c>{hash of the order id}-{inverted version}</c>,
/// so the newest sorts first and "the newest at or below version N" is one range query. The hash prefix keeps RowKeys
/// distinct across orders, as for event rows (Azurite finds rows through its RowKey index). A snapshot is a cache: a missing, unreadable or
/// other-schema one is skipped and the events are folded instead.
/// </summary>
public sealed class SnapshotStore(TableServiceClient tables, StorageNames names)
{
    private readonly TableClient _snapshots = tables.GetTableClient(names.Snapshots);

    public Task CreateTablesAsync(CancellationToken cancellationToken) =>
        StorageCalls.Guard(() => _snapshots.CreateIfNotExistsAsync(cancellationToken));

    public Task SaveAsync(OrderState state) => StorageCalls.Guard(() => _snapshots.UpsertEntityAsync(new SnapshotRow
    {
        PartitionKey = state.OrderId,
        RowKey = KeyOf(state.OrderId, state.Version),
        Version = state.Version,
        At = state.UpdatedAt,
        SchemaVersion = OrderSnapshot.SchemaVersion,
        Data = JsonSerializer.Serialize(state.ToSnapshot(), SnapshotJsonContext.Default.OrderSnapshot),
    }, TableUpdateMode.Replace));

    /// <summary>The newest usable snapshot at or below <paramref name="maxVersion"/> and taken at or before <paramref name="at"/>.</summary>
    public async Task<OrderState?> FindAsync(string orderId, int maxVersion = int.MaxValue, DateTimeOffset? at = null)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {orderId} and RowKey ge {KeyOf(orderId, maxVersion)} and RowKey le {KeyOf(orderId, 0)}");
        await foreach (var row in _snapshots.QueryAsync<SnapshotRow>(filter, maxPerPage: 1).Guarded())
        {
            if ((at is null || row.At <= at) && Read(row) is { } state)
            {
                return state;
            }
        }
        return null;
    }

    private static OrderState? Read(SnapshotRow row)
    {
        if (row.SchemaVersion != OrderSnapshot.SchemaVersion)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(row.Data, SnapshotJsonContext.Default.OrderSnapshot) is { } snapshot && snapshot.Version == row.Version
                ? OrderState.FromSnapshot(snapshot)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string KeyOf(string orderId, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"{StableHash.Of(orderId):x8}-{int.MaxValue - version:D10}");

    private sealed class SnapshotRow : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public int Version { get; set; }
        public DateTimeOffset At { get; set; }
        public int SchemaVersion { get; set; }
        public string Data { get; set; } = "";
    }
}
