using System.Diagnostics;
using Orleans.Streams;

namespace OrderOrleans.Grains.Delivery;

/// <summary>
/// Wraps the <c>orders</c> stream's queue adapter so that its pulling agents poll an idle queue less often: after each
/// poll that found nothing the next real poll waits twice as long (from the polling period up to
/// <paramref name="maxIdleWait"/>); a poll that finds messages goes back to the full rate. Under load queues are read
/// as fast as before; idle, a silo no longer makes 50 calls a second per queue (on Azurite every call costs more the
/// more messages the account holds). The agent's other polls in between are answered from memory with nothing.
/// </summary>
public sealed class AdaptivePollingAdapterFactory(IQueueAdapterFactory inner, TimeSpan period, TimeSpan maxIdleWait) : IQueueAdapterFactory
{
    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    public async Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) =>
        new Adapter(await inner.CreateAdapter(cancellationToken), period, maxIdleWait);

    public IQueueAdapterCache GetQueueAdapterCache() => inner.GetQueueAdapterCache();

    public IStreamQueueMapper GetStreamQueueMapper() => inner.GetStreamQueueMapper();

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => inner.GetDeliveryFailureHandler(queueId);

    private sealed class Adapter(IQueueAdapter inner, TimeSpan period, TimeSpan maxIdleWait) : IQueueAdapter
    {
        public string Name => inner.Name;

        public bool IsRewindable => inner.IsRewindable;

        public StreamProviderDirection Direction => inner.Direction;

        public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => new Receiver(inner.CreateReceiver(queueId), period, maxIdleWait);

        public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
            inner.QueueMessageBatchAsync(streamId, events, token, requestContext);
    }

    private sealed class Receiver(IQueueAdapterReceiver inner, TimeSpan period, TimeSpan maxIdleWait) : DelegatingQueueReceiver(inner)
    {
        private int _empty;
        private long _nextPollAt;

        public override async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
        {
            if (Stopwatch.GetTimestamp() < _nextPollAt)
            {
                return [];
            }
            var messages = await Inner.GetQueueMessagesAsync(maxCount, cancellationToken);
            if (messages.Count > 0)
            {
                _empty = 0;
                _nextPollAt = 0;
            }
            else
            {
                _empty = Math.Min(_empty + 1, 16);
                var wait = Math.Min(maxIdleWait.TotalSeconds, period.TotalSeconds * Math.Pow(2, _empty - 1));
                _nextPollAt = Stopwatch.GetTimestamp() + (long)(wait * Stopwatch.Frequency);
            }
            return messages;
        }
    }
}
