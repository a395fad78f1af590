using System.Diagnostics;
using Orleans.Streams;

namespace OrderOrleans.Grains.Delivery;

/// <summary>
/// Wraps the <c>orders</c> stream's queue adapter so that its pulling agents poll an idle queue less often: after each
/// poll that found nothing the next real poll waits twice as long (from the polling period up to
/// <paramref name="maxIdleWait"/>); a poll that finds messages goes back to the full rate. Under load queues are read
/// as fast as before; idle, a silo no longer makes 50 calls a second per queue (on Azurite every call costs more the
/// more messages the account holds). The agent's other polls in between are answered from memory with nothing.
/// A poll that fails waits the same way, with jitter, up to <see cref="MaxFailureWait"/>, and counts as empty: the
/// pulling agent would otherwise retry it at once six times, logging each with its stack trace. Failures and slow
/// calls are reported through <see cref="QueueTrouble"/>.
/// </summary>
public sealed class AdaptivePollingAdapterFactory(IQueueAdapterFactory inner, TimeSpan period, TimeSpan maxIdleWait, QueueTrouble trouble) : IQueueAdapterFactory
{
    /// <summary>The longest a queue goes unpolled after failed polls: an outage costs a few calls a minute per queue.</summary>
    public static readonly TimeSpan MaxFailureWait = TimeSpan.FromSeconds(5);

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    public async Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) =>
        new Adapter(await inner.CreateAdapter(cancellationToken), period, maxIdleWait, trouble);

    public IQueueAdapterCache GetQueueAdapterCache() => inner.GetQueueAdapterCache();

    public IStreamQueueMapper GetStreamQueueMapper() => inner.GetStreamQueueMapper();

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => inner.GetDeliveryFailureHandler(queueId);

    private sealed class Adapter(IQueueAdapter inner, TimeSpan period, TimeSpan maxIdleWait, QueueTrouble trouble) : IQueueAdapter
    {
        public string Name => inner.Name;

        public bool IsRewindable => inner.IsRewindable;

        public StreamProviderDirection Direction => inner.Direction;

        public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => new Receiver(inner.CreateReceiver(queueId), period, maxIdleWait, trouble);

        /// <summary>Its failures are the publisher's to count and retry; only slowness is reported here.</summary>
        public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await inner.QueueMessageBatchAsync(streamId, events, token, requestContext);
            }
            finally
            {
                trouble.Took("AddQueueMessage", Stopwatch.GetElapsedTime(started));
            }
        }
    }

    private sealed class Receiver(IQueueAdapterReceiver inner, TimeSpan period, TimeSpan maxIdleWait, QueueTrouble trouble) : DelegatingQueueReceiver(inner)
    {
        private int _empty;
        private int _failed;
        private long _nextPollAt;

        public override async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
        {
            if (Stopwatch.GetTimestamp() < _nextPollAt)
            {
                return [];
            }
            IList<IBatchContainer> messages;
            var started = Stopwatch.GetTimestamp();
            try
            {
                messages = await Inner.GetQueueMessagesAsync(maxCount, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                trouble.Failed("GetQueueMessages", ex);
                _failed = Math.Min(_failed + 1, 16);
                PollAfter(Backoff.Delay(period, MaxFailureWait, _failed + 1).TotalSeconds);
                return [];
            }
            trouble.Took("GetQueueMessages", Stopwatch.GetElapsedTime(started));
            _failed = 0;
            if (messages.Count > 0)
            {
                _empty = 0;
                _nextPollAt = 0;
            }
            else
            {
                _empty = Math.Min(_empty + 1, 16);
                PollAfter(Math.Min(maxIdleWait.TotalSeconds, period.TotalSeconds * Math.Pow(2, _empty - 1)));
            }
            return messages;
        }

        /// <summary>
        /// A failed delete is reported, not thrown: its messages come back when their visibility ends and are applied
        /// again harmlessly (views apply by version), which is what the agent would get after logging it anyway.
        /// </summary>
        public override async Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await Inner.MessagesDeliveredAsync(messages, cancellationToken);
                trouble.Took("DeleteQueueMessage", Stopwatch.GetElapsedTime(started));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                trouble.Failed("DeleteQueueMessage", ex);
            }
        }

        private void PollAfter(double seconds) => _nextPollAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
    }
}
