using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.Projections.Products;

/// <summary>
/// The product view's rows (<c>ProductsG{generation}</c>), PartitionKey = shard: per order its checkpoint
/// (<c>o:{orderId}</c>, read by point read when not cached) and per product its tally (<c>p:{productId}</c>, all loaded
/// when the shard activates: bounded by the catalogue). A batch's rows are written in entity-group transactions, each
/// holding whole orders with the tallies they moved, so a checkpoint and its figures are stored together or not at all.
/// </summary>
public sealed class ProductStore(TableServiceClient tables, IOptions<EventLogOptions> options)
{
    private const string OrderPrefix = "o:";
    private const string ProductPrefix = "p:";
    private readonly string _prefix = options.Value.TablePrefix;

    public Task CreateGenerationAsync(int generation, CancellationToken cancellationToken = default) =>
        StorageCalls.Guard(() => Table(generation).CreateIfNotExistsAsync(cancellationToken));

    public Task DropGenerationAsync(int generation) => StorageCalls.Guard(async () =>
    {
        try
        {
            return await Table(generation).DeleteAsync();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return ex.GetRawResponse();
        }
    });

    public async Task<Dictionary<string, ProductTally>> LoadProductsAsync(int generation, int shard)
    {
        var tallies = new Dictionary<string, ProductTally>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(shard)} and RowKey ge {ProductPrefix} and RowKey lt {"p;"}");
        try
        {
            await foreach (var row in Table(generation).QueryAsync<TableEntity>(filter, 1000).Guarded())
            {
                var tally = ToTally(row);
                tallies[tally.ProductId] = tally;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The generation's table is gone: the shard starts empty (a rebuild refills it).
        }
        return tallies;
    }

    public async Task<ProductOrder?> FindOrderAsync(int generation, int shard, string orderId)
    {
        try
        {
            var row = await StorageCalls.Guard(() => Table(generation).GetEntityIfExistsAsync<TableEntity>(PartitionOf(shard), OrderPrefix + orderId));
            return row.HasValue ? ToOrder(row.Value!) : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Stores orders' checkpoints and the tallies they moved as one transaction (at most 100 rows).</summary>
    public async Task SaveAsync(int generation, int shard, IEnumerable<(string OrderId, ProductOrder Order)> orders, IEnumerable<ProductTally> tallies)
    {
        var partition = PartitionOf(shard);
        var actions = orders.Select(o => Upsert(FromOrder(partition, o.OrderId, o.Order)))
            .Concat(tallies.Select(t => Upsert(FromTally(partition, t)))).ToList();
        var table = Table(generation);
        try
        {
            await StorageCalls.Guard(() => table.SubmitTransactionAsync(actions));
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == "TableNotFound")
        {
            // Views are rebuildable, not precious: a table deleted by hand is created again.
            await StorageCalls.Guard(() => table.CreateIfNotExistsAsync());
            await StorageCalls.Guard(() => table.SubmitTransactionAsync(actions));
        }
    }

    private static TableTransactionAction Upsert(TableEntity row) => new(TableTransactionActionType.UpsertReplace, row);

    private static string PartitionOf(int shard) => $"s{shard:D2}";

    private TableClient Table(int generation) => tables.GetTableClient($"{_prefix}ProductsG{generation}");

    private static TableEntity FromOrder(string partition, string orderId, ProductOrder order) => new(partition, OrderPrefix + orderId)
    {
        ["Version"] = order.Version,
        ["Status"] = order.Status.ToString(),
        ["Currency"] = order.Currency,
        ["Lines"] = JsonSerializer.Serialize(order.Lines, ProductJsonContext.Default.IReadOnlyListProductLine),
    };

    private static ProductOrder ToOrder(TableEntity row) => new(
        row.GetInt32("Version") ?? 0,
        Enum.Parse<OrderStatus>(row.GetString("Status")),
        row.GetString("Currency"),
        JsonSerializer.Deserialize(row.GetString("Lines"), ProductJsonContext.Default.IReadOnlyListProductLine) ?? []);

    private static TableEntity FromTally(string partition, ProductTally t) => new(partition, ProductPrefix + t.ProductId)
    {
        ["Name"] = t.Name,
        ["Orders"] = t.Orders,
        ["InCart"] = t.InCart,
        ["Reserved"] = t.Reserved,
        ["Shipped"] = t.Shipped,
        ["Delivered"] = t.Delivered,
        ["Cancelled"] = t.Cancelled,
        // Money as invariant text: Azure Table storage has no decimal type and a double would round it.
        ["Revenue"] = JsonSerializer.Serialize(t.Revenue.ToDictionary(p => p.Key, p => p.Value.ToString(CultureInfo.InvariantCulture)),
            ProductJsonContext.Default.DictionaryStringString),
    };

    private static ProductTally ToTally(TableEntity row)
    {
        var revenue = JsonSerializer.Deserialize(row.GetString("Revenue") ?? "{}", ProductJsonContext.Default.DictionaryStringString) ?? [];
        return new ProductTally(row.RowKey[ProductPrefix.Length..])
        {
            Name = row.GetString("Name"),
            Orders = row.GetInt32("Orders") ?? 0,
            InCart = row.GetInt64("InCart") ?? 0,
            Reserved = row.GetInt64("Reserved") ?? 0,
            Shipped = row.GetInt64("Shipped") ?? 0,
            Delivered = row.GetInt64("Delivered") ?? 0,
            Cancelled = row.GetInt64("Cancelled") ?? 0,
            Revenue = revenue.ToDictionary(p => p.Key, p => decimal.Parse(p.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal),
        };
    }
}

[JsonSerializable(typeof(IReadOnlyList<ProductLine>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ProductJsonContext : JsonSerializerContext;
