using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using OrderOrleans.Domain;

namespace OrderOrleans.Grains.EventLog;

/// <summary>
/// The order event log on Azure Table storage: one row per event in the order's partition.
/// An append inserts the new event rows (one insert, or one entity-group transaction for several), so a version
/// someone else wrote fails it whole, with no read before write. Each row carries its command id: that is what
/// makes commands idempotent (see <see cref="FindCommandAsync"/>), with no marker row to pay for on every append.
/// </summary>
public sealed class OrderEventLog(TableServiceClient tables, StorageNames names)
{
    private const int PageSize = 1000;
    private static readonly string[] s_foldColumns =
        [nameof(ITableEntity.PartitionKey), nameof(ITableEntity.RowKey), nameof(EventRow.Type), nameof(EventRow.SchemaVersion),
            nameof(EventRow.Data), nameof(EventRow.OccurredAt), nameof(EventRow.KeyId)];

    /// <summary>
    /// Partition key ranges covering every key: generated order ids spread evenly over the sixteen digits after the prefix;
    /// ids a client chose fall into the first or last range.
    /// </summary>
    private static readonly string[] s_scanRanges = ScanRanges([.. "123456789abcdef".Select(digit => OrderKeys.OrderIdPrefix + digit)]);

    private readonly TableClient _events = tables.GetTableClient(names.Events);

    /// <summary>Creates the tables; called once when the silo starts, never per operation.</summary>
    public Task CreateTablesAsync(CancellationToken cancellationToken) =>
        StorageCalls.Guard(() => _events.CreateIfNotExistsAsync(cancellationToken));

    /// <summary>
    /// Appends one command's events, their personal fields sealed under <paramref name="key"/> (the customer's current key),
    /// or stored as erased with <paramref name="personalDataErased"/> (the customer's data was erased since the order was
    /// created). Their versions must continue the log: the first is the expected version + 1.
    /// </summary>
    public async Task<AppendResult> AppendAsync(IReadOnlyList<EventEnvelope> events, DataKey? key = null, bool personalDataErased = false,
        CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(events));
        }
        var first = events[0];
        var rows = new EventRow[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.OrderId != first.OrderId || e.Version != first.Version + i || e.Metadata.CommandId != first.Metadata.CommandId)
            {
                throw new ArgumentException("An append's events must belong to one order and one command, at consecutive versions.", nameof(events));
            }
            rows[i] = personalDataErased ? EventRow.Erased(e) : EventRow.From(e, key);
        }
        if (EventLogLimits.Check(rows) is { } limit)
        {
            throw new EventLogLimitException(limit);
        }
        if (!OrderKeys.IsValidCommandId(first.Metadata.CommandId))
        {
            throw new ArgumentException($"A command id must be {OrderKeys.Rule}, optionally after its caller's name and a slash.", nameof(events));
        }

        var last = first.Version + rows.Length - 1;
        try
        {
            // One event is one insert; several are one transaction, so that they land together or not at all.
            if (rows.Length == 1)
            {
                await StorageCalls.Guard(() => _events.AddEntityAsync(rows[0], cancellationToken));
            }
            else
            {
                var actions = rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r));
                await StorageCalls.Guard(() => _events.SubmitTransactionAsync(actions, cancellationToken));
            }
            return AppendResult.Appended(last);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The first version is taken: by this same command in an earlier attempt whose answer was lost (a retry of
            // a write that landed), or by another writer.
            var taken = await StorageCalls.Guard(() => _events.GetEntityIfExistsAsync<EventRow>(
                first.OrderId, EventRow.KeyOf(first.OrderId, first.Version), [nameof(EventRow.CommandId)], cancellationToken));
            return taken.HasValue && taken.Value!.CommandId == first.Metadata.CommandId
                ? AppendResult.Landed(last)
                : AppendResult.Conflict(await GetVersionAsync(first.OrderId, first.Version - 1, cancellationToken));
        }
    }

    /// <summary>
    /// The one sanctioned rewrite of the log: the order's rows stored before encryption (personal fields in clear, no
    /// KeyId) get those fields set to null and PersonalDataErased; nothing else in them, and no other row, changes.
    /// How many rows it rewrote.
    /// </summary>
    public async Task<int> EraseClearPersonalDataAsync(string orderId)
    {
        var rewritten = 0;
        await foreach (var row in ReadAsync(orderId))
        {
            if (row.KeyId is null && EventSerializer.WithoutPersonalData(row.Type, row.Data) is { } cleared)
            {
                row.Data = cleared;
                row.PersonalDataErased = true;
                await StorageCalls.Guard(() => _events.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace));
                rewritten++;
            }
        }
        return rewritten;
    }

    /// <summary>The events of an order from <paramref name="fromVersion"/> to <paramref name="toVersion"/>, in version order.</summary>
    public IAsyncEnumerable<EventRow> ReadAsync(
        string orderId, int fromVersion = 1, int toVersion = int.MaxValue, CancellationToken cancellationToken = default)
    {
        return QueryAsync(VersionsFilter(orderId, fromVersion, toVersion), null, cancellationToken);
    }

    /// <summary>
    /// Whether the order has any event: a point read of its first row. Cheaper than any query (Azurite answers a query by
    /// scanning the whole table, so a query per new order grew with the number of orders; a point read uses its index).
    /// </summary>
    public async Task<bool> ExistsAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var first = await StorageCalls.Guard(() => _events.GetEntityIfExistsAsync<EventRow>(
            orderId, EventRow.KeyOf(orderId, 1), [nameof(ITableEntity.RowKey)], cancellationToken));
        return first.HasValue;
    }

    /// <summary>
    /// An order's first <paramref name="count"/> events in one request, and whether that is all of them (false also when
    /// the service ends the page early, as it may).
    /// </summary>
    public async Task<(IReadOnlyList<EventRow> Rows, bool Whole)> ReadHeadAsync(
        string orderId, int count, CancellationToken cancellationToken = default)
    {
        await using var pages = _events.QueryAsync<EventRow>(VersionsFilter(orderId), count, null, cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        if (!await StorageCalls.Guard(() => pages.MoveNextAsync().AsTask()))
        {
            return ([], true);
        }
        return (pages.Current.Values, pages.Current.ContinuationToken is null);
    }

    /// <summary>
    /// Every event of every order, order by order and in version order within each (a full table scan, for rebuilds and
    /// checks). Reads only what a fold needs: of the metadata, only OccurredAt is set. The scan is one query per key range
    /// (<see cref="s_scanRanges"/>), in key order: Azurite sorts everything a query matches past its continuation for each
    /// page, so one query over the table cost a sort of the rest of the table per page and never ended at 200,000 orders.
    /// </summary>
    public async IAsyncEnumerable<EventRow> ScanForFoldAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var range in s_scanRanges)
        {
            await foreach (var row in QueryAsync(range, s_foldColumns, cancellationToken))
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// The versions a command produced, looking at events up to <paramref name="toVersion"/>, or null when it produced none.
    /// A filter on the event rows' CommandId within the order's partition: a scan of that one partition.
    /// </summary>
    public async Task<CommandRange?> FindCommandAsync(
        string orderId, string commandId, int toVersion = int.MaxValue, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {orderId} and RowKey ge {EventRow.KeyOf(orderId, 1)} and RowKey le {EventRow.KeyOf(orderId, toVersion)} and CommandId eq {commandId}");
        CommandRange? range = null;
        await foreach (var row in QueryAsync(filter, [nameof(ITableEntity.RowKey), nameof(EventRow.Fingerprint)], cancellationToken))
        {
            range = range is { } r ? r with { ToVersion = row.Version } : new CommandRange(row.Version, row.Version, row.Fingerprint);
        }
        return range;
    }

    /// <summary>The order's last version, scanning keys only from a version known to exist.</summary>
    public async Task<int> GetVersionAsync(string orderId, int knownVersion = 0, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {orderId} and RowKey gt {EventRow.KeyOf(orderId, knownVersion)} and RowKey le {EventRow.KeyOf(orderId, int.MaxValue)}");
        var version = knownVersion;
        await foreach (var row in QueryAsync(filter, [nameof(ITableEntity.RowKey)], cancellationToken))
        {
            version = row.Version;
        }
        return version;
    }

    private static string[] ScanRanges(string[] bounds) =>
    [
        TableClient.CreateQueryFilter($"PartitionKey lt {bounds[0]}"),
        .. bounds.Zip(bounds.Skip(1), (from, to) => TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}")),
        TableClient.CreateQueryFilter($"PartitionKey ge {bounds[^1]}"),
    ];

    /// <summary>An order's event rows from one version to another (its partition holds nothing else in that key range).</summary>
    private static string VersionsFilter(string orderId, int fromVersion = 1, int toVersion = int.MaxValue) =>
        TableClient.CreateQueryFilter(
            $"PartitionKey eq {orderId} and RowKey ge {EventRow.KeyOf(orderId, Math.Max(fromVersion, 1))} and RowKey le {EventRow.KeyOf(orderId, toVersion)}");

    private IAsyncEnumerable<EventRow> QueryAsync(string? filter, IEnumerable<string>? select, CancellationToken cancellationToken) =>
        _events.QueryAsync<EventRow>(filter, PageSize, select, cancellationToken).Guarded(cancellationToken);
}
