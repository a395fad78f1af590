using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Azure;
using Azure.Data.Tables;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.Projections.Tallies;

/// <summary>A tally as read or written, with the ETag that writing it again must match (default: not stored yet).</summary>
public sealed record Held<T>(T Value, ETag ETag);

/// <summary>
/// A tally projection's rows (<c>{table}G{generation}S{shard}</c>, see <see cref="StorageNames.Tally"/>), PartitionKey = shard: per order its checkpoint
/// (<c>o:{orderId}</c>, the <see cref="OrderFacts"/> applied) and per key its tally (<c>t:{key}</c>), both as JSON.
/// A batch's rows go in entity-group transactions, each holding whole orders with the tallies they moved, so a
/// checkpoint and its figures are stored together or not at all.
/// </summary>
public sealed class TallyStore(TableServiceClient tables, StorageNames names)
{
    private const string OrderPrefix = "o:";
    private const string TallyPrefix = "t:";

    /// <summary>The first row key past every checkpoint's (':' + 1).</summary>
    private const string OrdersEnd = "o;";

    /// <summary>The first row key past every tally's (':' + 1).</summary>
    private const string TalliesEnd = "t;";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public Task CreateGenerationAsync(string table, int generation, int shard) =>
        StorageCalls.Guard(() => Table(table, generation, shard).CreateIfNotExistsAsync());

    /// <summary>True when the generation has a table for a shard numbered <paramref name="shards"/> or more: it was laid out for more.</summary>
    public async Task<bool> HasShardsPastAsync(string table, int generation, int shards)
    {
        await foreach (var _ in ShardTablesAsync(names.Tally(table, generation, shards), table, generation))
        {
            return true;
        }
        return false;
    }

    /// <summary>
    /// Drops every shard's table of a generation, as many as it was laid out for (a rebuild may have changed the count);
    /// one already gone is fine.
    /// </summary>
    public async Task DropGenerationAsync(string table, int generation)
    {
        var found = new List<string>();
        await foreach (var name in ShardTablesAsync(names.TallyShards(table, generation), table, generation))
        {
            found.Add(name);
        }
        await Task.WhenAll(found.Select(name => StorageCalls.Guard(async () =>
        {
            try
            {
                return await tables.DeleteTableAsync(name);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return ex.GetRawResponse();
            }
        })));
    }

    /// <summary>The generation's shard tables from <paramref name="from"/> on (names up to <c>...G1T</c>, past <c>...G1S99</c>).</summary>
    private async IAsyncEnumerable<string> ShardTablesAsync(string from, string table, int generation)
    {
        var past = names.TallyShards(table, generation)[..^1] + "T";
        await foreach (var item in tables.QueryAsync(TableClient.CreateQueryFilter($"TableName ge {from} and TableName lt {past}")).Guarded())
        {
            yield return item.Name;
        }
    }

    /// <summary>Every tally of a shard with its ETag (held by projections whose keys are bounded: products, days, statuses; read by verify).</summary>
    public async Task<Dictionary<string, Held<T>>> LoadTalliesAsync<T>(string table, int generation, int shard)
    {
        var tallies = new Dictionary<string, Held<T>>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(shard)} and RowKey ge {TallyPrefix} and RowKey lt {TalliesEnd}");
        try
        {
            await foreach (var row in Table(table, generation, shard).QueryAsync<TableEntity>(filter, 1000).Guarded())
            {
                tallies[row.RowKey[TallyPrefix.Length..]] = new(JsonSerializer.Deserialize<T>(row.GetString("Data"), Json)!, row.ETag);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The generation's table is gone: the shard starts empty (a rebuild refills it).
        }
        return tallies;
    }

    /// <summary>
    /// The tallies whose key starts with <paramref name="prefix"/> (every tally for ""), in key order, after
    /// <paramref name="after"/> when that is past the prefix's start: one range of rows, read <paramref name="perPage"/> at a time.
    /// </summary>
    public async IAsyncEnumerable<T> ScanTalliesAsync<T>(string table, int generation, int shard, string prefix, string? after, int perPage)
    {
        var resume = after is not null && string.CompareOrdinal(after, prefix) >= 0;
        // The first key past every key with the prefix: its last character plus one.
        var to = prefix.Length == 0 ? TalliesEnd : TallyPrefix + prefix[..^1] + (char)(prefix[^1] + 1);
        await foreach (var (_, data) in ScanAsync(table, generation, shard, TallyPrefix + (resume ? after : prefix), resume, to, perPage))
        {
            yield return JsonSerializer.Deserialize<T>(data, Json)!;
        }
    }

    public async Task<Held<T>?> FindTallyAsync<T>(string table, int generation, int shard, string key) where T : class =>
        await Find(table, generation, shard, TallyPrefix + key) is { } row ? new Held<T>(JsonSerializer.Deserialize<T>(row.GetString("Data"), Json)!, row.ETag) : null;

    public async Task<Held<OrderFacts>?> FindOrderAsync(string table, int generation, int shard, string orderId) =>
        await Find(table, generation, shard, OrderPrefix + orderId) is { } row ? new(JsonSerializer.Deserialize<OrderFacts>(row.GetString("Data"), Json)!, row.ETag) : null;

    /// <summary>
    /// Stores orders' checkpoints and the tallies they moved as one transaction (at most 100 rows), and answers the rows'
    /// new ETags by row key. Every row must still be at the ETag it was read with, and one read as missing (default ETag)
    /// must still be missing: else the whole transaction fails (409 or 412) and nothing is written. So a repeated
    /// delivery, a stale cache or a second writer of the same shard (a duplicate activation while the cluster changes)
    /// can never apply a change on top of figures it did not see.
    /// </summary>
    public async Task<Dictionary<string, ETag>> SaveAsync<T>(
        string table, int generation, int shard, IReadOnlyList<Held<OrderFacts>> orders, IReadOnlyList<(string Key, Held<T> Tally)> tallies,
        IReadOnlyDictionary<string, OrderSummary?> index)
    {
        var partition = PartitionOf(shard);
        var rows = tallies.Select(t => (Key: TallyPrefix + t.Key, Data: JsonSerializer.Serialize(t.Tally.Value, Json), t.Tally.ETag))
            .Concat(orders.Select(o => (Key: OrderPrefix + o.Value.Summary.OrderId, Data: JsonSerializer.Serialize(o.Value, Json), o.ETag)))
            .ToList();
        var actions = rows.Select(r => new TableTransactionAction(
            r.ETag == default ? TableTransactionActionType.Add : TableTransactionActionType.UpdateReplace,
            new TableEntity(partition, r.Key) { ["Data"] = r.Data }, r.ETag)).ToList();
        // Index rows follow their order's checkpoint, which the transaction guards: written and deleted unconditionally.
        actions.AddRange(index.Select(i => i.Value is { } summary
            ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, i.Key) { ["Data"] = JsonSerializer.Serialize(summary, Json) })
            : new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, i.Key), ETag.All)));
        var client = Table(table, generation, shard);
        Response<IReadOnlyList<Response>> response;
        try
        {
            response = await StorageCalls.Guard(() => client.SubmitTransactionAsync(actions));
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == "TableNotFound")
        {
            // Views are rebuildable, not precious: a table deleted by hand is created again.
            await StorageCalls.Guard(() => client.CreateIfNotExistsAsync());
            response = await StorageCalls.Guard(() => client.SubmitTransactionAsync(actions));
        }
        // Sub-responses come in the order of the actions.
        var etags = new Dictionary<string, ETag>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            etags[rows[i].Key] = response.Value[i].Headers.ETag ?? default;
        }
        return etags;
    }

    /// <summary>
    /// The rows of a shard with keys from <paramref name="from"/> (excluded when <paramref name="fromExcluded"/>) up to
    /// <paramref name="to"/> (excluded), in key order, as (row key, data), fetched <paramref name="perPage"/> at a time.
    /// </summary>
    public async IAsyncEnumerable<(string RowKey, string Data)> ScanAsync(
        string table, int generation, int shard, string from, bool fromExcluded, string to, int perPage)
    {
        var partition = PartitionOf(shard);
        var filter = fromExcluded
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {from} and RowKey lt {to}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}");
        var rows = Table(table, generation, shard).QueryAsync<TableEntity>(filter, Math.Clamp(perPage, 1, 1000), ["RowKey", "Data"]).Guarded();
        await using var cursor = rows.GetAsyncEnumerator();
        while (true)
        {
            try
            {
                if (!await cursor.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // The generation's table is not there (yet): nothing stored.
                yield break;
            }
            yield return (cursor.Current.RowKey, cursor.Current.GetString("Data"));
        }
    }

    /// <summary>Every order checkpoint of a shard, in key order: one range scan, where a point read per order would be thousands of calls.</summary>
    public async IAsyncEnumerable<OrderFacts> ScanOrdersAsync(string table, int generation, int shard)
    {
        await foreach (var (_, data) in ScanAsync(table, generation, shard, OrderPrefix, false, OrdersEnd, 1000))
        {
            yield return JsonSerializer.Deserialize<OrderFacts>(data, Json)!;
        }
    }

    public static bool IsCheckpointOrTally(string rowKey) => rowKey.StartsWith(OrderPrefix, StringComparison.Ordinal) || rowKey.StartsWith(TallyPrefix, StringComparison.Ordinal);

    /// <summary>An index row's summary.</summary>
    public static OrderSummary Summary(string data) => JsonSerializer.Deserialize<OrderSummary>(data, Json)!;

    public static string TallyKey(string key) => TallyPrefix + key;

    public static string OrderKey(string orderId) => OrderPrefix + orderId;

    private async Task<TableEntity?> Find(string table, int generation, int shard, string rowKey)
    {
        try
        {
            var row = await StorageCalls.Guard(() => Table(table, generation, shard).GetEntityIfExistsAsync<TableEntity>(PartitionOf(shard), rowKey, ["Data"]));
            return row.HasValue ? row.Value : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static string PartitionOf(int shard) => $"s{shard:D2}";

    /// <summary>
    /// A table per shard and generation (<c>ProductsG1S07</c>): on Azure Table storage a partition would do, but the
    /// emulator scans a whole table for every range query and every insert grows the table's indices, so each shard's
    /// rows are kept apart.
    /// </summary>
    private TableClient Table(string table, int generation, int shard) => tables.GetTableClient(names.Tally(table, generation, shard));
}
