using System.Globalization;
using Azure;
using Azure.Data.Tables;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections;

/// <summary>A parked event: PartitionKey = projection, RowKey = <c>{orderId}:{version as D10}</c>.</summary>
public sealed class DeadLetterRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string OrderId { get; set; } = "";
    public int Version { get; set; }
    public string EventType { get; set; } = "";
    public string Error { get; set; } = "";
    public int Attempts { get; set; }
    public DateTimeOffset FailedAt { get; set; }

    public static string KeyOf(string orderId, int version) => $"{orderId}:{version.ToString("D10", CultureInfo.InvariantCulture)}";

    public static DeadLetterRow From(DeadLetter d) => new()
    {
        PartitionKey = d.Projection,
        RowKey = KeyOf(d.OrderId, d.Version),
        OrderId = d.OrderId,
        Version = d.Version,
        EventType = d.EventType,
        // Azure caps a string property at 64 KiB; an error message needs far less.
        Error = d.Error.Length > 4000 ? d.Error[..4000] : d.Error,
        Attempts = d.Attempts,
        FailedAt = d.FailedAt,
    };

    public DeadLetter ToDeadLetter() => new(PartitionKey, OrderId, Version, EventType, Error, Attempts, FailedAt);
}
