using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using OrderOrleans.Domain;
using OrderOrleans.Grains.PersonalData;

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

    /// <summary>
    /// Stores the state, its personal fields (if any) sealed under its customer's current key. False, and nothing stored,
    /// when the state holds personal fields that its customer's erasure has since erased: no copy of them may be kept.
    /// </summary>
    public async Task<bool> SaveAsync(OrderState state, PersonalDataKeys keys)
    {
        var snapshot = state.ToSnapshot();
        var document = JsonSerializer.SerializeToNode(snapshot, SnapshotJsonContext.Default.OrderSnapshot)!.AsObject();
        var personal = PersonalFields.AnySet(snapshot);
        var key = personal ? await keys.CurrentAsync(state) : null;
        if (personal && key is null)
        {
            return false;
        }
        var sealedAny = key is not null && PersonalFields.Seal(document, typeof(OrderSnapshot), key);
        await StorageCalls.Guard(() => _snapshots.UpsertEntityAsync(new SnapshotRow
        {
            PartitionKey = state.OrderId,
            RowKey = KeyOf(state.OrderId, state.Version),
            Version = state.Version,
            At = state.UpdatedAt,
            SchemaVersion = OrderSnapshot.SchemaVersion,
            Data = document.ToJsonString(),
            KeyId = sealedAny ? key!.Id : null,
        }, TableUpdateMode.Replace));
        return true;
    }

    /// <summary>Deletes the order's snapshots (a cache: the next activation folds the log and takes new ones).</summary>
    public async Task DeleteAllAsync(string orderId)
    {
        await foreach (var row in _snapshots.QueryAsync<SnapshotRow>(r => r.PartitionKey == orderId, select: [nameof(SnapshotRow.RowKey)]).Guarded())
        {
            await StorageCalls.Guard(() => _snapshots.DeleteEntityAsync(orderId, row.RowKey));
        }
    }

    /// <summary>The newest usable snapshot at or below <paramref name="maxVersion"/> and taken at or before <paramref name="at"/>.</summary>
    public async Task<OrderState?> FindAsync(string orderId, PersonalDataKeys keys, int maxVersion = int.MaxValue, DateTimeOffset? at = null)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {orderId} and RowKey ge {KeyOf(orderId, maxVersion)} and RowKey le {KeyOf(orderId, 0)}");
        await foreach (var row in _snapshots.QueryAsync<SnapshotRow>(filter, maxPerPage: 1).Guarded())
        {
            if ((at is null || row.At <= at) && Read(row, row.KeyId is { } keyId ? await keys.FindAsync(keyId, orderId) : null) is { } state)
            {
                return state;
            }
        }
        return null;
    }

    /// <summary>The snapshot's state; sealed fields whose key is erased read as null, and the state says they were erased.</summary>
    private static OrderState? Read(SnapshotRow row, DataKey? key)
    {
        if (row.SchemaVersion != OrderSnapshot.SchemaVersion)
        {
            return null;
        }
        try
        {
            var document = JsonNode.Parse(row.Data)!.AsObject();
            if (row.KeyId is not null)
            {
                PersonalFields.Open(document, typeof(OrderSnapshot), key);
            }
            return document.Deserialize(SnapshotJsonContext.Default.OrderSnapshot) is { } snapshot && snapshot.Version == row.Version
                ? OrderState.FromSnapshot(row.KeyId is not null && key is null ? snapshot with { PersonalDataErased = true } : snapshot)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or CryptographicException)
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
        public string? KeyId { get; set; }
    }
}
