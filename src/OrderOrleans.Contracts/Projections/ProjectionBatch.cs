using OrderOrleans.Domain;
using Orleans.Concurrency;

namespace OrderOrleans.Contracts.Projections;

/// <summary>
/// What one command did to one order: its events, and the order's summary and lines after them (folded by the order grain with the
/// same <c>OrderState</c> a projection would use). A summary is absolute, so a consumer applies it "if newer" by version:
/// repeats, reordering and lost intermediate messages cannot corrupt a view.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrderChange")]
public sealed record OrderChange(
    [property: Id(0)] OrderSummary Summary,
    [property: Id(1)] IReadOnlyList<EventEnvelope> Events,
    [property: Id(2)] IReadOnlyList<OrderLineView> Lines);

/// <summary>One stream message: many orders' changes for one shard, numbered per sender and shard.</summary>
[GenerateSerializer, Immutable, Alias("ProjectionBatch")]
public sealed record ProjectionBatch(
    [property: Id(0)] IDeliveryReceipts? Sender,
    [property: Id(1)] long Sequence,
    [property: Id(2)] IReadOnlyList<OrderChange> Changes);

/// <summary>A silo's event publisher: told when a shard has stored its batches, so it knows what is still on the way.</summary>
[Alias("IDeliveryReceipts")]
public interface IDeliveryReceipts : IGrainObserver
{
    /// <summary>The <paramref name="projection"/>'s shard stored this sender's batch <paramref name="sequence"/> (a batch sent again keeps its number).</summary>
    [Alias("Stored"), OneWay]
    Task Stored(string projection, int shard, long sequence);
}
