using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// The projections' own rows: order-list summaries (one table per generation, so a rebuild writes beside the live
/// one), each projection's generation and rebuild progress (<c>Projections</c>), and parked events (<c>DeadLetters</c>).
/// </summary>
public sealed class ProjectionStore(TableServiceClient tables, IOptions<EventLogOptions> options)
{
    private const string MetaRow = "meta";
    private readonly string _prefix = options.Value.TablePrefix;
    private readonly TableClient _meta = tables.GetTableClient(options.Value.TablePrefix + "Projections");
    private readonly TableClient _deadLetters = tables.GetTableClient(options.Value.TablePrefix + "DeadLetters");

    public async Task CreateTablesAsync(CancellationToken cancellationToken)
    {
        await StorageCalls.Guard(() => _meta.CreateIfNotExistsAsync(cancellationToken));
        await StorageCalls.Guard(() => _deadLetters.CreateIfNotExistsAsync(cancellationToken));
        await CreateGenerationAsync(1, cancellationToken);
    }

    public Task CreateGenerationAsync(int generation, CancellationToken cancellationToken = default) =>
        StorageCalls.Guard(() => Summaries(generation).CreateIfNotExistsAsync(cancellationToken));

    /// <summary>Drops a generation's table; one already gone is fine.</summary>
    public Task DropGenerationAsync(int generation) => StorageCalls.Guard(async () =>
    {
        try
        {
            return await Summaries(generation).DeleteAsync();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return ex.GetRawResponse();
        }
    });

    public async Task<ProjectionMetaRow> GetMetaAsync(string projection)
    {
        var row = await StorageCalls.Guard(() => _meta.GetEntityIfExistsAsync<ProjectionMetaRow>(projection, MetaRow));
        return row.HasValue ? row.Value! : new ProjectionMetaRow { PartitionKey = projection, RowKey = MetaRow };
    }

    public Task SaveMetaAsync(ProjectionMetaRow row) => StorageCalls.Guard(() => _meta.UpsertEntityAsync(row, TableUpdateMode.Replace));

    public async Task<List<OrderSummary>> LoadShardAsync(int generation, int shard)
    {
        var summaries = new List<OrderSummary>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {OrderSummaryRow.PartitionOf(shard)}");
        try
        {
            await foreach (var row in Summaries(generation).QueryAsync<OrderSummaryRow>(filter, 1000).Guarded())
            {
                summaries.Add(row.ToSummary());
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The generation's table is gone (deleted by hand): the shard starts empty and a rebuild refills it.
        }
        return summaries;
    }

    public Task UpsertAsync(int generation, int shard, OrderSummary summary) =>
        RecreatingTable(generation, table => table.UpsertEntityAsync(OrderSummaryRow.From(shard, summary), TableUpdateMode.Replace));

    /// <summary>Writes many summaries of one shard in entity-group transactions of up to 100 rows.</summary>
    public async Task UpsertManyAsync(int generation, int shard, IReadOnlyList<OrderSummary> summaries)
    {
        foreach (var chunk in summaries.Chunk(EventLogLimits.MaxEntitiesPerBatch))
        {
            var actions = chunk.Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace, OrderSummaryRow.From(shard, s))).ToList();
            await RecreatingTable(generation, table => table.SubmitTransactionAsync(actions));
        }
    }

    public Task ParkAsync(DeadLetter letter) =>
        StorageCalls.Guard(() => _deadLetters.UpsertEntityAsync(DeadLetterRow.From(letter), TableUpdateMode.Replace));

    public async Task<List<DeadLetter>> DeadLettersAsync(string projection)
    {
        var letters = new List<DeadLetter>();
        await foreach (var row in _deadLetters.QueryAsync<DeadLetterRow>(TableClient.CreateQueryFilter($"PartitionKey eq {projection}")).Guarded())
        {
            letters.Add(row.ToDeadLetter());
        }
        return letters;
    }

    public async Task<DeadLetter?> FindDeadLetterAsync(string projection, string orderId, int version)
    {
        var row = await StorageCalls.Guard(() => _deadLetters.GetEntityIfExistsAsync<DeadLetterRow>(projection, DeadLetterRow.KeyOf(orderId, version)));
        return row.HasValue ? row.Value!.ToDeadLetter() : null;
    }

    public Task RemoveDeadLetterAsync(string projection, string orderId, int version) =>
        StorageCalls.Guard(() => _deadLetters.DeleteEntityAsync(projection, DeadLetterRow.KeyOf(orderId, version)));

    /// <summary>Writes to a generation's table, creating it again if someone deleted it: views are rebuildable, not precious.</summary>
    private async Task RecreatingTable<T>(int generation, Func<TableClient, Task<T>> write)
    {
        var table = Summaries(generation);
        try
        {
            await StorageCalls.Guard(() => write(table));
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == "TableNotFound")
        {
            await StorageCalls.Guard(() => table.CreateIfNotExistsAsync());
            await StorageCalls.Guard(() => write(table));
        }
    }

    private TableClient Summaries(int generation) => tables.GetTableClient($"{_prefix}OrderSummariesG{generation}");
}
