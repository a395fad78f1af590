using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using OrderOrleans.Domain;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.PersonalData;

/// <summary>
/// Customers' data keys in <c>CustomerKeys</c>: PartitionKey = customer id, RowKey = the key's guid (hex), the key wrapped
/// (AES-GCM) by the key-encryption key from configuration and bound to its id. Erasing deletes the customer's key rows:
/// every field sealed under them is then unreadable, in the log, the snapshots and any backup of either. Beside the keys,
/// in the same partition and sorting after every guid, the customer's last erasure (<c>x-erased</c>) and one row per
/// order that was handed a key (<c>x-order-{id}</c>), written before the order stores anything under it: the durable
/// list of the orders an erasure must reach.
/// </summary>
public sealed class CustomerKeyStore(TableServiceClient tables, StorageNames names, PersonalDataOptions options)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const string ErasedRow = "x-erased";
    private const string OrderRowPrefix = "x-order-";
    private const string OrderRowsEnd = "x-order.";

    private readonly TableClient _keys = tables.GetTableClient(names.CustomerKeys);
    private readonly TableClient _audit = tables.GetTableClient(names.PersonalDataAudit);
    private readonly byte[] _kek = KeyEncryptionKey(options);

    public async Task CreateTablesAsync(CancellationToken cancellationToken)
    {
        await StorageCalls.Guard(() => _keys.CreateIfNotExistsAsync(cancellationToken));
        await StorageCalls.Guard(() => _audit.CreateIfNotExistsAsync(cancellationToken));
    }

    /// <summary>
    /// An erasure in <c>PersonalDataAudit</c> (PartitionKey = customer id, newest first): what (<c>keys</c>, or the
    /// <c>legacy-rewrite</c> of clear rows), who, when, how much; never the data.
    /// </summary>
    public Task RecordErasureAsync(string customerId, string kind, string erasedBy, DateTimeOffset at, int erased, int orders) =>
        StorageCalls.Guard(() => _audit.AddEntityAsync(new TableEntity(customerId, $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}")
        {
            ["Kind"] = kind,
            ["ErasedBy"] = erasedBy,
            ["ErasedAt"] = at,
            ["Erased"] = erased,
            ["OrdersAffected"] = orders,
        }));

    /// <summary>The customer's newest key (null when it has none) and when it was last erased (null when never).</summary>
    public async Task<(DataKey? Current, DateTimeOffset? ErasedAt)> LoadAsync(string customerId)
    {
        KeyRow? newest = null;
        DateTimeOffset? erasedAt = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey lt {OrderRowPrefix}");
        await foreach (var row in _keys.QueryAsync<KeyRow>(filter).Guarded())
        {
            if (row.RowKey == ErasedRow)
            {
                erasedAt = row.CreatedAt;
            }
            else
            {
                newest = newest is null || row.CreatedAt > newest.CreatedAt ? row : newest;
            }
        }
        return (newest is null ? null : Unwrap(newest), erasedAt);
    }

    /// <summary>Records that <paramref name="orderId"/> was handed the customer's key (idempotent).</summary>
    public Task RememberOrderAsync(string customerId, string orderId) =>
        StorageCalls.Guard(() => _keys.UpsertEntityAsync(new TableEntity(customerId, OrderRowPrefix + orderId), TableUpdateMode.Replace));

    /// <summary>Every order that was ever handed one of the customer's keys.</summary>
    public async Task<List<string>> OrdersAsync(string customerId)
    {
        var orders = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {OrderRowPrefix} and RowKey lt {OrderRowsEnd}");
        await foreach (var row in _keys.QueryAsync<TableEntity>(filter, select: [nameof(TableEntity.RowKey)]).Guarded())
        {
            orders.Add(row.RowKey[OrderRowPrefix.Length..]);
        }
        return orders;
    }

    /// <summary>Records the erasure first, so from then on no key is handed to an order created before it.</summary>
    public Task MarkErasedAsync(string customerId, DateTimeOffset at) =>
        StorageCalls.Guard(() => _keys.UpsertEntityAsync(new KeyRow { PartitionKey = customerId, RowKey = ErasedRow, CreatedAt = at }, TableUpdateMode.Replace));

    public async Task<DataKey?> FindAsync(string customerId, string keyGuid)
    {
        var row = await StorageCalls.Guard(() => _keys.GetEntityIfExistsAsync<KeyRow>(customerId, keyGuid));
        return row.HasValue ? Unwrap(row.Value!) : null;
    }

    public async Task<DataKey> CreateAsync(string customerId, DateTimeOffset now)
    {
        var key = new DataKey($"{customerId}/{Guid.NewGuid():N}", RandomNumberGenerator.GetBytes(32));
        var wrapped = new byte[NonceSize + TagSize + key.Key.Length];
        RandomNumberGenerator.Fill(wrapped.AsSpan(0, NonceSize));
        using (var aes = new AesGcm(_kek, TagSize))
        {
            aes.Encrypt(wrapped.AsSpan(0, NonceSize), key.Key, wrapped.AsSpan(NonceSize + TagSize), wrapped.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(key.Id));
        }
        var row = new KeyRow { PartitionKey = customerId, RowKey = GuidOf(key.Id), WrappedKey = Convert.ToBase64String(wrapped), CreatedAt = now };
        await StorageCalls.Guard(() => _keys.AddEntityAsync(row));
        return key;
    }

    /// <summary>Deletes every key of the customer (one transaction per 100); how many there were.</summary>
    public async Task<int> DeleteKeysAsync(string customerId)
    {
        var rows = new List<KeyRow>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey lt {ErasedRow}");
        await foreach (var row in _keys.QueryAsync<KeyRow>(filter, select: [nameof(KeyRow.RowKey)]).Guarded())
        {
            rows.Add(row);
        }
        foreach (var chunk in rows.Chunk(100))
        {
            await StorageCalls.Guard(() => _keys.SubmitTransactionAsync(
                chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(customerId, r.RowKey), ETag.All))));
        }
        return rows.Count;
    }

    public static string GuidOf(string keyId) => keyId[(keyId.LastIndexOf('/') + 1)..];

    private DataKey Unwrap(KeyRow row)
    {
        var id = $"{row.PartitionKey}/{row.RowKey}";
        var wrapped = Convert.FromBase64String(row.WrappedKey);
        var key = new byte[wrapped.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_kek, TagSize);
        aes.Decrypt(wrapped.AsSpan(0, NonceSize), wrapped.AsSpan(NonceSize + TagSize), wrapped.AsSpan(NonceSize, TagSize), key, Encoding.UTF8.GetBytes(id));
        return new DataKey(id, key);
    }

    private static byte[] KeyEncryptionKey(PersonalDataOptions options)
    {
        var kek = new byte[32];
        return Convert.TryFromBase64String(options.KeyEncryptionKey, kek, out var length) && length == 32 ? kek : throw new InvalidOperationException($"{PersonalDataOptions.Section}:KeyEncryptionKey must be 32 bytes in base64 (256 bits).");
    }

    private sealed class KeyRow : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string WrappedKey { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
    }
}
