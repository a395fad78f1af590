using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections;

/// <summary>A projection's durable status: which generation answers queries, and the last or running rebuild.</summary>
public sealed class ProjectionMetaRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public int ActiveGeneration { get; set; } = 1;
    public int RebuildGeneration { get; set; }
    public DateTimeOffset? RebuildStartedAt { get; set; }
    public DateTimeOffset? RebuildCompletedAt { get; set; }
    public long RebuildEventsRead { get; set; }
    public long RebuildOrders { get; set; }
    public string? RebuildError { get; set; }

    [IgnoreDataMember]
    public RebuildProgress? Rebuild => RebuildStartedAt is { } started
        ? new RebuildProgress(RebuildGeneration, started, RebuildCompletedAt, RebuildEventsRead, RebuildOrders, RebuildError)
        : null;

    [IgnoreDataMember]
    public bool IsRebuilding => RebuildStartedAt is not null && RebuildCompletedAt is null && RebuildError is null;
}
