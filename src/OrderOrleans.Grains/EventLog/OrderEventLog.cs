using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts.Orders;

namespace OrderOrleans.Grains.EventLog;

/// <summary>
/// The order event log on Azure Table storage: one row per event in the order's partition.
/// An append is one entity-group transaction of the new event rows plus a command marker row, so an existing
/// RowKey (a version someone else wrote, or a command already recorded) fails it whole, with no read before write.
/// </summary>
public sealed class OrderEventLog(TableServiceClient tables, IOptions<EventLogOptions> options)
{
    private const int PageSize = 1000;

    private readonly TableClient _events = tables.GetTableClient(options.Value.EventsTable);

    /// <summary>Creates the tables; called once when the silo starts, never per operation.</summary>
    public Task CreateTablesAsync(CancellationToken cancellationToken) =>
        StorageCalls.Guard(() => _events.CreateIfNotExistsAsync(cancellationToken));

    /// <summary>Appends one command's events. Their versions must continue the log: the first is the expected version + 1.</summary>
    public async Task<AppendResult> AppendAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken = default)
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
            rows[i] = EventRow.From(e);
        }
        if (EventLogLimits.Check(rows) is { } limit)
        {
            throw new EventLogLimitException(limit);
        }
        if (!OrderKeys.IsValid(first.Metadata.CommandId))
        {
            throw new ArgumentException($"A command id must be {OrderKeys.Rule}.", nameof(events));
        }

        var actions = new List<TableTransactionAction>(rows.Length + 1);
        foreach (var row in rows)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
        }
        var last = first.Version + rows.Length - 1;
        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new CommandMarkerRow
        {
            PartitionKey = first.OrderId,
            RowKey = CommandMarkerRow.KeyOf(first.Metadata.CommandId),
            FromVersion = first.Version,
            ToVersion = last,
        }));

        try
        {
            await StorageCalls.Guard(() => _events.SubmitTransactionAsync(actions, cancellationToken));
            return AppendResult.Appended(first.Version, last);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            var current = await GetVersionAsync(first.OrderId, first.Version - 1, cancellationToken);
            return await FindCommandAsync(first.OrderId, first.Metadata.CommandId, cancellationToken) is { } marker
                ? AppendResult.Duplicate(marker, current)
                : AppendResult.Conflict(current);
        }
    }

    /// <summary>The events of an order from <paramref name="fromVersion"/> to <paramref name="toVersion"/>, in version order.</summary>
    public IAsyncEnumerable<EventRow> ReadAsync(
        string orderId, int fromVersion = 1, int toVersion = int.MaxValue, CancellationToken cancellationToken = default)
    {
        var from = EventRow.KeyOf(Math.Max(fromVersion, 1));
        var to = EventRow.KeyOf(toVersion);
        return QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {orderId} and RowKey ge {from} and RowKey le {to}"), null, cancellationToken);
    }

    /// <summary>Every event of every order, order by order and in version order within each (a full table scan, for rebuilds).</summary>
    public IAsyncEnumerable<EventRow> ScanAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter($"RowKey ge {EventRow.KeyOf(1)} and RowKey le {EventRow.KeyOf(int.MaxValue)}"), null, cancellationToken);

    /// <summary>The first outcome of a command, or null when the command was never recorded for this order.</summary>
    public async Task<CommandMarkerRow?> FindCommandAsync(string orderId, string commandId, CancellationToken cancellationToken = default)
    {
        var response = await StorageCalls.Guard(() => _events.GetEntityIfExistsAsync<CommandMarkerRow>(
            orderId, CommandMarkerRow.KeyOf(commandId), cancellationToken: cancellationToken));
        return response.HasValue ? response.Value : null;
    }

    /// <summary>The order's last version, scanning keys only from a version known to exist.</summary>
    public async Task<int> GetVersionAsync(string orderId, int knownVersion = 0, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {orderId} and RowKey gt {EventRow.KeyOf(knownVersion)} and RowKey le {EventRow.KeyOf(int.MaxValue)}");
        var version = knownVersion;
        await foreach (var row in QueryAsync(filter, [nameof(ITableEntity.RowKey)], cancellationToken))
        {
            version = row.Version;
        }
        return version;
    }

    private IAsyncEnumerable<EventRow> QueryAsync(string filter, IEnumerable<string>? select, CancellationToken cancellationToken) =>
        _events.QueryAsync<EventRow>(filter, PageSize, select, cancellationToken).Guarded(cancellationToken);
}
