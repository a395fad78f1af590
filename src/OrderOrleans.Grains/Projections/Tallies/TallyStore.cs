using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.Projections.Tallies;

/// <summary>
/// A tally projection's rows (<c>{table}G{generation}</c>), PartitionKey = shard: per order its checkpoint
/// (<c>o:{orderId}</c>, the <see cref="OrderFacts"/> applied) and per key its tally (<c>t:{key}</c>), both as JSON.
/// A batch's rows go in entity-group transactions, each holding whole orders with the tallies they moved, so a
/// checkpoint and its figures are stored together or not at all.
/// </summary>
public sealed class TallyStore(TableServiceClient tables, IOptions<EventLogOptions> options)
{
    private const string OrderPrefix = "o:";
    private const string TallyPrefix = "t:";
    private readonly string _prefix = options.Value.TablePrefix;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public Task CreateGenerationAsync(string table, int generation, CancellationToken cancellationToken = default) =>
        StorageCalls.Guard(() => Table(table, generation).CreateIfNotExistsAsync(cancellationToken));

    public Task DropGenerationAsync(string table, int generation) => StorageCalls.Guard(async () =>
    {
        try
        {
            return await Table(table, generation).DeleteAsync();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return ex.GetRawResponse();
        }
    });

    /// <summary>Every tally of a shard (for projections whose keys are bounded: products, days, statuses).</summary>
    public async Task<Dictionary<string, T>> LoadTalliesAsync<T>(string table, int generation, int shard)
    {
        var tallies = new Dictionary<string, T>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(shard)} and RowKey ge {TallyPrefix} and RowKey lt {"t;"}");
        try
        {
            await foreach (var row in Table(table, generation).QueryAsync<TableEntity>(filter, 1000).Guarded())
            {
                tallies[row.RowKey[TallyPrefix.Length..]] = JsonSerializer.Deserialize<T>(row.GetString("Data"), Json)!;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The generation's table is gone: the shard starts empty (a rebuild refills it).
        }
        return tallies;
    }

    public async Task<T?> FindTallyAsync<T>(string table, int generation, int shard, string key) where T : class =>
        await Find(table, generation, shard, TallyPrefix + key) is { } data ? JsonSerializer.Deserialize<T>(data, Json) : null;

    public async Task<OrderFacts?> FindOrderAsync(string table, int generation, int shard, string orderId) =>
        await Find(table, generation, shard, OrderPrefix + orderId) is { } data ? JsonSerializer.Deserialize<OrderFacts>(data, Json) : null;

    /// <summary>
    /// Stores orders' checkpoints and the tallies they moved as one transaction (at most 100 rows). A checkpoint marked
    /// <c>Inserted</c> must be new: if it exists, the whole transaction fails with 409 and nothing is written.
    /// </summary>
    public async Task SaveAsync<T>(
        string table, int generation, int shard, IEnumerable<(OrderFacts Facts, bool Inserted)> orders, IEnumerable<KeyValuePair<string, T>> tallies)
    {
        var partition = PartitionOf(shard);
        var actions = orders.Select(o => Row(o.Inserted ? TableTransactionActionType.Add : TableTransactionActionType.UpsertReplace,
                partition, OrderPrefix + o.Facts.Summary.OrderId, JsonSerializer.Serialize(o.Facts, Json)))
            .Concat(tallies.Select(t => Row(TableTransactionActionType.UpsertReplace, partition, TallyPrefix + t.Key, JsonSerializer.Serialize(t.Value, Json))))
            .ToList();
        var client = Table(table, generation);
        try
        {
            await StorageCalls.Guard(() => client.SubmitTransactionAsync(actions));
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == "TableNotFound")
        {
            // Views are rebuildable, not precious: a table deleted by hand is created again.
            await StorageCalls.Guard(() => client.CreateIfNotExistsAsync());
            await StorageCalls.Guard(() => client.SubmitTransactionAsync(actions));
        }
    }

    private async Task<string?> Find(string table, int generation, int shard, string rowKey)
    {
        try
        {
            var row = await StorageCalls.Guard(() => Table(table, generation).GetEntityIfExistsAsync<TableEntity>(PartitionOf(shard), rowKey, ["Data"]));
            return row.HasValue ? row.Value!.GetString("Data") : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static TableTransactionAction Row(TableTransactionActionType action, string partition, string rowKey, string data) =>
        new(action, new TableEntity(partition, rowKey) { ["Data"] = data });

    private static string PartitionOf(int shard) => $"s{shard:D2}";

    private TableClient Table(string table, int generation) => tables.GetTableClient($"{_prefix}{table}G{generation}");
}
