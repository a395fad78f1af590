using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.Orders;

/// <summary>
/// Which order each caller's Idempotency-Key was first used on (<c>IdempotencyKeys</c>: PartitionKey = 2 hex digits of
/// the key's hash, RowKey = the hash, so no caller input reaches a key). An order finds a key it has seen in its own
/// log; this catches the same key sent to another order, which the IETF draft treats as a reused key. One insert per
/// new keyed command, none for commands without a key; rows are kept (a key is never reused, not even after a day).
/// </summary>
public sealed class ClientKeyRegistry(TableServiceClient tables, StorageNames names)
{
    private readonly TableClient _keys = tables.GetTableClient(names.IdempotencyKeys);

    public Task CreateTablesAsync(CancellationToken cancellationToken) =>
        StorageCalls.Guard(() => _keys.CreateIfNotExistsAsync(cancellationToken));

    /// <summary>Claims <paramref name="commandId"/> for <paramref name="orderId"/>: null when it is this order's, else the order that holds it.</summary>
    public Task<string?> ClaimAsync(string commandId, string orderId) => StorageCalls.Guard(async () =>
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(commandId)).AsSpan(0, 16));
        var row = new TableEntity(hash[..2], hash) { ["OrderId"] = orderId };
        try
        {
            await _keys.AddEntityAsync(row);
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Claimed before: by this order in an attempt that did not append, or by another order.
            var held = (await _keys.GetEntityAsync<TableEntity>(row.PartitionKey, row.RowKey, ["OrderId"])).Value.GetString("OrderId");
            return held == orderId ? null : held;
        }
    });
}
