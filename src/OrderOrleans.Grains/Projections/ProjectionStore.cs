using Azure.Data.Tables;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// What all projections share: each projection's generation and rebuild progress (<c>Projections</c>) and parked events
/// (<c>DeadLetters</c>). Each projection's own rows are in its tables (<see cref="Tallies.TallyStore"/>).
/// </summary>
public sealed class ProjectionStore(TableServiceClient tables, StorageNames names)
{
    private const string MetaRow = "meta";
    private readonly TableClient _meta = tables.GetTableClient(names.Projections);
    private readonly TableClient _deadLetters = tables.GetTableClient(names.DeadLetters);

    public async Task CreateTablesAsync(CancellationToken cancellationToken)
    {
        await StorageCalls.Guard(() => _meta.CreateIfNotExistsAsync(cancellationToken));
        await StorageCalls.Guard(() => _deadLetters.CreateIfNotExistsAsync(cancellationToken));
    }

    public async Task<ProjectionMetaRow> GetMetaAsync(string projection)
    {
        var row = await StorageCalls.Guard(() => _meta.GetEntityIfExistsAsync<ProjectionMetaRow>(projection, MetaRow));
        return row.HasValue ? row.Value! : new ProjectionMetaRow { PartitionKey = projection, RowKey = MetaRow };
    }

    public Task SaveMetaAsync(ProjectionMetaRow row) => StorageCalls.Guard(() => _meta.UpsertEntityAsync(row, TableUpdateMode.Replace));

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
}
