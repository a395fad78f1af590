using System.Diagnostics;
using Microsoft.Extensions.Logging.Testing;
using Orleans.Streams;
using OrderOrleans.Grains.Delivery;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Projections;

/// <summary>
/// The <c>orders</c> stream's receivers when the queue service fails: a failed read backs off instead of being retried
/// at once, the failures are reported as one counted line, and messages are read as soon as the queue answers again.
/// </summary>
public sealed class QueuePollingTests
{
    private static readonly TimeSpan s_period = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task A_failing_queue_is_polled_with_backoff_and_read_again_once_it_answers()
    {
        var queue = new StubReceiver { Failing = true };
        var logs = new FakeLogger<QueueTrouble>();
        var factory = new AdaptivePollingAdapterFactory(new StubFactory(queue), s_period, TimeSpan.FromMilliseconds(80), new QueueTrouble(logs));
        var receiver = (await factory.CreateAdapter(CancellationToken.None)).CreateReceiver(QueueId.GetQueueId("orders", 0, 0));

        // The pulling agent asks every 20 ms (here: as fast as it can for two seconds); the failing queue is asked far less.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            (await receiver.GetQueueMessagesAsync(10, CancellationToken.None)).ShouldBeEmpty();
            await Task.Yield();
        }
        queue.Calls.ShouldBeInRange(3, 12);
        var line = logs.Collector.GetSnapshot().ShouldHaveSingleItem();
        line.Message.ShouldContain("Stream queue calls failing: 1");
        line.Message.ShouldContain("Connection refused");
        line.Exception.ShouldBeNull();

        // Deletes that fail are reported, not thrown: their messages come back when their visibility ends.
        await receiver.MessagesDeliveredAsync([], CancellationToken.None);

        queue.Failing = false;
        var messages = await Eventually.Until(() => receiver.GetQueueMessagesAsync(10, CancellationToken.None), m => m.Count > 0, TimeSpan.FromSeconds(10));
        messages.Count.ShouldBe(1);
    }

    private sealed class StubReceiver : IQueueAdapterReceiver
    {
        public volatile bool Failing;
        public int Calls;

        public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Failing
                ? Task.FromException<IList<IBatchContainer>>(new AggregateException("Error doing GetQueueMessages", new InvalidOperationException("Connection refused\nat line 1")))
                : Task.FromResult<IList<IBatchContainer>>([null!]);
        }

        public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken) =>
            Failing ? Task.FromException(new InvalidOperationException("Connection refused")) : Task.CompletedTask;

        public Task Initialize(TimeSpan timeout, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task Shutdown(TimeSpan timeout, CancellationToken cancellationToken) => Task.CompletedTask;

        [Obsolete("Use the overload which accepts a CancellationToken.")]
        public Task Initialize(TimeSpan timeout) => Task.CompletedTask;

        [Obsolete("Use the overload which accepts a CancellationToken.")]
        public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

        [Obsolete("Use the overload which accepts a CancellationToken.")]
        public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

        [Obsolete("Use the overload which accepts a CancellationToken.")]
        public Task Shutdown(TimeSpan timeout) => Task.CompletedTask;
    }

    private sealed class StubFactory(IQueueAdapterReceiver receiver) : IQueueAdapterFactory, IQueueAdapter
    {
        public string Name => "orders";

        public bool IsRewindable => false;

        public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

        public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) => Task.FromResult<IQueueAdapter>(this);

        [Obsolete("Use the overload which accepts a CancellationToken.")]
        public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

        public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => receiver;

        public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
            Task.CompletedTask;

        public IQueueAdapterCache GetQueueAdapterCache() => throw new NotSupportedException();

        public IStreamQueueMapper GetStreamQueueMapper() => throw new NotSupportedException();

        public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => throw new NotSupportedException();
    }
}
