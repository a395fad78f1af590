using Azure.Data.Tables;
using OrderOrleans.Storage;
using OrderOrleans.Domain;
using OrderOrleans.Grains;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.EventLog;

/// <summary>Each test gets its own event log tables (a fresh prefix) on the shared Azurite.</summary>
public abstract class EventLogTestBase : IAsyncLifetime
{
    protected OrderEventLog Log { get; private set; } = null!;

    /// <summary>The raw table, to check stored rows as Azure holds them.</summary>
    protected TableClient Table { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteServer.Shared;
        var names = new StorageNames(TestNames.Prefix());
        var tables = StorageAccount.FromConnectionString(azurite.ConnectionString).Tables();
        Log = new OrderEventLog(tables, names);
        await Log.CreateTablesAsync(CancellationToken.None);
        Table = tables.GetTableClient(names.Events);
    }

    public Task DisposeAsync() => Table.DeleteAsync();

    protected static EventEnvelope[] Command(string orderId, int fromVersion, string commandId, params IOrderEvent[] events) =>
        [.. events.Select((e, i) => new EventEnvelope(orderId, fromVersion + i, e,
            new EventMetadata(DateTimeOffset.UtcNow, commandId, "corr-1", commandId, "tester")))];

    protected async Task<List<EventEnvelope>> ReadAll(string orderId, int from = 1)
    {
        var envelopes = new List<EventEnvelope>();
        await foreach (var row in Log.ReadAsync(orderId, from))
        {
            envelopes.Add(row.ToEnvelope());
        }
        return envelopes;
    }

    protected async Task<List<TableEntity>> RowsOf(string orderId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {orderId}")))
        {
            rows.Add(row);
        }
        return rows;
    }
}
