using System.Collections.Concurrent;
using Orleans.Streams;
using OrderOrleans.Contracts.Orders;

namespace OrderOrleans.Tests.Infrastructure;

/// <summary>
/// Wraps the real Azure queue adapter of the <c>orders</c> stream and carries out <see cref="StreamFaults"/> as events
/// are enqueued, so the projections see lost, repeated and late messages through the real queues and pulling agents.
/// </summary>
public sealed class FaultyQueueAdapterFactory(IQueueAdapterFactory inner, StreamFaults faults) : IQueueAdapterFactory
{
    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    public async Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) =>
        new FaultyQueueAdapter(await inner.CreateAdapter(cancellationToken), faults);

    public IQueueAdapterCache GetQueueAdapterCache() => inner.GetQueueAdapterCache();

    public IStreamQueueMapper GetStreamQueueMapper() => inner.GetStreamQueueMapper();

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => inner.GetDeliveryFailureHandler(queueId);
}

internal sealed class FaultyQueueAdapter(IQueueAdapter inner, StreamFaults faults) : IQueueAdapter
{
    private readonly ConcurrentDictionary<string, object> _delayed = new();

    public string Name => inner.Name;

    public bool IsRewindable => inner.IsRewindable;

    public StreamProviderDirection Direction => inner.Direction;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => inner.CreateReceiver(queueId);

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        foreach (var item in events)
        {
            if (item is not EventEnvelope envelope)
            {
                await inner.QueueMessageBatchAsync(streamId, [item], token, requestContext);
                continue;
            }
            var fault = faults.Take(envelope);
            if (fault == StreamFault.Fail)
            {
                throw new InvalidOperationException($"Planned queue failure for {envelope.OrderId} version {envelope.Version}.");
            }
            if (fault == StreamFault.Delay)
            {
                _delayed[envelope.OrderId] = item;
                continue;
            }
            var copies = fault switch { StreamFault.Drop => 0, StreamFault.Duplicate => 2, _ => 1 };
            for (var i = 0; i < copies; i++)
            {
                await inner.QueueMessageBatchAsync(streamId, [item], token, requestContext);
            }
            if (_delayed.TryRemove(envelope.OrderId, out var late))
            {
                await inner.QueueMessageBatchAsync(streamId, [(T)late], token, requestContext);
            }
        }
    }
}
