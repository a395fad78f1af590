using System.Globalization;
using Azure;
using Azure.Data.Tables;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// An order-list row: PartitionKey = shard (<c>s07</c>), RowKey = order id. A shard loads its partition on activation.
/// Money is stored as invariant text: Azure Table storage has no decimal type and a double would round it.
/// </summary>
public sealed class OrderSummaryRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string CustomerId { get; set; } = "";
    public string Status { get; set; } = "";
    public string Currency { get; set; } = "";
    public string Total { get; set; } = "0";
    public string AmountPaid { get; set; } = "0";
    public int ItemCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public DateTimeOffset? PlacedAt { get; set; }
    public int Version { get; set; }

    public static string PartitionOf(int shard) => $"s{shard:D2}";

    public static OrderSummaryRow From(int shard, OrderSummary s) => new()
    {
        PartitionKey = PartitionOf(shard),
        RowKey = s.OrderId,
        CustomerId = s.CustomerId,
        Status = s.Status.ToString(),
        Currency = s.Currency,
        Total = s.Total.ToString(CultureInfo.InvariantCulture),
        AmountPaid = s.AmountPaid.ToString(CultureInfo.InvariantCulture),
        ItemCount = s.ItemCount,
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
        PaidAt = s.PaidAt,
        PlacedAt = s.PlacedAt,
        Version = s.Version,
    };

    public OrderSummary ToSummary() => new(
        RowKey, CustomerId, Enum.Parse<OrderStatus>(Status), Currency,
        decimal.Parse(Total, CultureInfo.InvariantCulture), decimal.Parse(AmountPaid, CultureInfo.InvariantCulture),
        ItemCount, CreatedAt, UpdatedAt, PaidAt, Version, PlacedAt);
}
