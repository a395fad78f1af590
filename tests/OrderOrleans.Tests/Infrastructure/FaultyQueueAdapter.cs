using System.Collections.Concurrent;
using Orleans.Streams;
using OrderOrleans.Grains.Delivery;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Tests.Infrastructure;

/// <summary>
/// Wraps the real Azure queue adapter of the <c>orders</c> stream and carries out <see cref="StreamFaults"/> as batches are
/// enqueued and received, so the projections see lost, repeated, late and slow messages through the real queues and
/// pulling agents.
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
    private readonly ConcurrentDictionary<string, OrderChange> _delayed = new();

    public string Name => inner.Name;

    public bool IsRewindable => inner.IsRewindable;

    public StreamProviderDirection Direction => inner.Direction;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => new FaultyReceiver(inner.CreateReceiver(queueId), faults);

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        faults.Sending();
        await Task.Delay(faults.QueueDelay);
        foreach (var item in events)
        {
            if (item is not ProjectionBatch batch)
            {
                await inner.QueueMessageBatchAsync(streamId, [item], token, requestContext);
                continue;
            }
            var kept = new List<OrderChange>();
            var extra = new List<OrderChange>();
            var lost = false;
            foreach (var change in batch.Changes)
            {
                var fault = change.Events.Select(faults.Take).FirstOrDefault(f => f is not null);
                if (fault == StreamFault.Fail)
                {
                    throw new InvalidOperationException($"Planned queue failure for {change.Summary.OrderId} version {change.Summary.Version}.");
                }
                lost |= fault == StreamFault.Lose;
                if (fault == StreamFault.Delay)
                {
                    _delayed[change.Summary.OrderId] = change;
                    continue;
                }
                if (fault != StreamFault.Drop)
                {
                    kept.Add(change);
                }
                if (fault == StreamFault.Duplicate)
                {
                    extra.Add(change);
                }
                if (_delayed.TryRemove(change.Summary.OrderId, out var late))
                {
                    extra.Add(late);
                }
            }
            if (lost)
            {
                continue;
            }
            // Repeats and late changes go in messages of their own, after the batch, as a redelivery would.
            await inner.QueueMessageBatchAsync(streamId, [(T)(object)(batch with { Changes = kept })], token, requestContext);
            foreach (var change in extra)
            {
                await inner.QueueMessageBatchAsync(streamId, [(T)(object)(batch with { Changes = [change] })], token, requestContext);
            }
        }
    }

    private sealed class FaultyReceiver(IQueueAdapterReceiver inner, StreamFaults faults) : DelegatingQueueReceiver(inner)
    {
        public override async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
        {
            await Task.Delay(faults.QueueDelay, cancellationToken);
            return faults.DeliveryStalled ? [] : await Inner.GetQueueMessagesAsync(maxCount, cancellationToken);
        }

        public override async Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
        {
            await Task.Delay(faults.QueueDelay, cancellationToken);
            await Inner.MessagesDeliveredAsync(messages, cancellationToken);
        }
    }
}
