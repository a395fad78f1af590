using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.Projections;
using Orleans.Streams;

namespace OrderOrleans.Grains.Delivery;

/// <summary>
/// The silo's one publisher of confirmed events (an outbox in memory). Order grains hand it each command's change as soon
/// as the log has it; one loop sends them to the <c>orders</c> stream, one message per shard with many orders' changes,
/// at most one message per shard in flight, and after a failure waits with exponential backoff and jitter before the
/// next attempt, so a slow queue sees a bounded number of calls however many orders are waiting. It holds at most
/// <see cref="DeliveryOptions.Capacity"/> events that no shard has stored yet; beyond that <see cref="IsFull"/> makes
/// commands answer 503 rather than pile work up. Shards confirm what they stored (<see cref="IDeliveryReceipts"/>), so
/// the backlog it reports is the truth: events appended and not yet in the views, with the oldest one's age. A batch
/// some view has not confirmed within <see cref="DeliveryOptions.ResendAfter"/> is sent again (the views skip what they
/// hold), so a message lost on the way or a view's changes lost with its silo are delivered all the same.
/// A change lost with this silo is caught up by another silo, which activates the orders this one named in flight
/// (<see cref="InFlightOrders"/>), or by the order's next activation (see <c>OrderGrain</c>).
/// </summary>
public sealed partial class EventPublisher(
    IGrainFactory grains,
    IServiceProvider services,
    ILocalSiloDetails silo,
    IOptions<DeliveryOptions> options,
    IOptions<ProjectionOptions> projections,
    ILogger<EventPublisher> logger) : IDeliveryReceipts, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly LogThrottle s_failures = new(TimeSpan.FromSeconds(10));
    private static readonly LogThrottle s_expired = new(TimeSpan.FromSeconds(60));
    private static readonly LogThrottle s_resent = new(TimeSpan.FromSeconds(60));

    private readonly Lock _lock = new();
    private readonly Shard[] _shards = [.. Enumerable.Range(0, projections.Value.Shards).Select(_ => new Shard())];
    private readonly LagSamples _lags = new();
    private readonly Dictionary<string, int> _heldOrders = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private IDeliveryReceipts? _self;
    private IStreamProvider? _streams;
    private Task _loop = Task.CompletedTask;
    private Timer? _reporter;
    private int _held;
    private int _woken;
    private int _failures;
    private long _retryAt;

    /// <summary>How often each silo reports its backlog to the cluster's lag figure (<see cref="DeliveryLagGrain"/>).</summary>
    public static TimeSpan ReportEvery { get; } = TimeSpan.FromSeconds(1);

    /// <summary>True when the silo holds as many undelivered events as it may: commands should be refused for now.</summary>
    public bool IsFull => Volatile.Read(ref _held) >= options.Value.Capacity;

    /// <summary>
    /// Completes at once while delivery keeps up; while the oldest held event is older than PaceWhenBehind, waits until it
    /// is not (at most MaxPaceWait). Commands await it before appending: back-pressure that slows a client down smoothly,
    /// where <see cref="IsFull"/> refuses.
    /// </summary>
    public async ValueTask PaceAsync()
    {
        var waited = Stopwatch.GetTimestamp();
        while (OldestHeldAge() > options.Value.PaceWhenBehind && Stopwatch.GetElapsedTime(waited) < options.Value.MaxPaceWait)
        {
            await Task.Delay(20);
        }
    }

    /// <summary>Events appended on this silo and not yet stored by their shard.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>True while some view lacks a change of the order this silo took.</summary>
    public bool Holds(string orderId)
    {
        lock (_lock)
        {
            return _heldOrders.ContainsKey(orderId);
        }
    }

    /// <summary>A batch stopped counting (stored by every view, or given up): its orders' changes are held no more. Call under the lock.</summary>
    private void Release(SentBatch batch)
    {
        _held -= batch.Events;
        foreach (var change in batch.Changes)
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(_heldOrders, change.Summary.OrderId);
            if (!Unsafe.IsNullRef(ref count) && --count == 0)
            {
                _heldOrders.Remove(change.Summary.OrderId);
            }
        }
    }

    /// <summary>Takes a confirmed change; never refuses one (its events are in the log already).</summary>
    public void Accept(OrderChange change)
    {
        var shard = ShardMap.ShardOf(change.Summary.OrderId, _shards.Length);
        lock (_lock)
        {
            _shards[shard].Waiting.Enqueue(change);
            _held += change.Events.Count;
            CollectionsMarshal.GetValueRefOrAddDefault(_heldOrders, change.Summary.OrderId, out _)++;
        }
        Wake();
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe<EventPublisher>(ServiceLifecycleStage.Active, Start, Stop);

    public void Dispose()
    {
        _reporter?.Dispose();
        _stopping.Dispose();
        _wake.Dispose();
    }

    private Task Start(CancellationToken cancellationToken)
    {
        ServiceMetrics.ObserveDeliveryBacklog(() => Held, () => OldestHeldAge().TotalMilliseconds);
        _self = grains.CreateObjectReference<IDeliveryReceipts>(this);
        _streams = services.GetRequiredKeyedService<IStreamProvider>(OrderStreams.Provider);
        _loop = Task.Run(() => Run(_stopping.Token), CancellationToken.None);
        _reporter = new Timer(_ => Report(), null, ReportEvery, ReportEvery);
        return Task.CompletedTask;
    }

    /// <summary>On a graceful stop, hands over what is waiting (within the stop's time) before the loop ends.</summary>
    private async Task Stop(CancellationToken cancellationToken)
    {
        using var flushed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        flushed.CancelAfter(TimeSpan.FromSeconds(10));
        while (!flushed.IsCancellationRequested && AnyWaiting())
        {
            await Task.Delay(20, CancellationToken.None);
        }
        await _stopping.CancelAsync();
        _wake.Release();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        if (_reporter is not null)
        {
            await _reporter.DisposeAsync();
        }
        if (_self is not null)
        {
            grains.DeleteObjectReference<IDeliveryReceipts>(_self);
        }
    }

    /// <summary>
    /// Starts a send for every shard that has changes waiting and none in flight, so a slow shard holds up only itself.
    /// After a failed send no shard sends until the backoff has passed: at most one call per shard per wait.
    /// </summary>
    private async Task Run(CancellationToken stopping)
    {
        var sending = new List<Task>();
        while (!stopping.IsCancellationRequested)
        {
            await _wake.WaitAsync(stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            Volatile.Write(ref _woken, 0);
            var backoffLeft = Volatile.Read(ref _retryAt) - Stopwatch.GetTimestamp();
            if (backoffLeft > 0)
            {
                // Woken early (a timer may fire a little before the backoff's end): wake again when it is over.
                _ = Task.Delay(TimeSpan.FromSeconds((double)backoffLeft / Stopwatch.Frequency) + TimeSpan.FromMilliseconds(1), CancellationToken.None)
                    .ContinueWith(_ => Wake(), TaskScheduler.Default);
                continue;
            }
            sending.RemoveAll(t => t.IsCompleted);
            for (var shard = 0; shard < _shards.Length; shard++)
            {
                if (!_shards[shard].Busy && Take(shard) is { } batch)
                {
                    _shards[shard].Busy = true;
                    sending.Add(SendThenWake(shard, batch));
                }
            }
        }
        await Task.WhenAll(sending);
    }

    /// <summary>Sends, frees the shard for its next message, then wakes the loop (after the backoff if the send failed).</summary>
    private async Task SendThenWake(int shard, Pending batch)
    {
        var sent = await Send(shard, batch);
        if (sent)
        {
            Interlocked.Exchange(ref _failures, 0);
        }
        else
        {
            var wait = Backoff.Delay(options.Value.FirstBackoff, options.Value.MaxBackoff, Interlocked.Increment(ref _failures));
            Volatile.Write(ref _retryAt, Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency));
            await Task.Delay(wait, CancellationToken.None);
        }
        _shards[shard].Busy = false;
        Wake();
    }

    /// <summary>
    /// The shard's next message: a sent batch due again, else up to MaxBatchEvents of its waiting changes (at least one),
    /// left waiting until sent.
    /// </summary>
    private Pending? Take(int shard)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_lock)
        {
            foreach (var sent in _shards[shard].Sent.Values)
            {
                if (sent.DueAt <= now)
                {
                    return new Pending(sent.Changes, sent.Events, sent);
                }
            }
            var waiting = _shards[shard].Waiting;
            if (waiting.Count == 0)
            {
                return null;
            }
            var changes = new List<OrderChange>();
            var events = 0;
            foreach (var change in waiting)
            {
                if (changes.Count > 0 && events + change.Events.Count > options.Value.MaxBatchEvents)
                {
                    break;
                }
                changes.Add(change);
                events += change.Events.Count;
            }
            return new Pending(changes, events);
        }
    }

    private async Task<bool> Send(int shard, Pending pending)
    {
        var state = _shards[shard];
        var sequence = pending.Again?.Sequence ?? state.NextSequence;
        if (pending.Again is null)
        {
            ServiceMetrics.PublishWait.Record(Math.Max(0, (DateTimeOffset.UtcNow - pending.Changes[0].Events[0].Metadata.OccurredAt).TotalMilliseconds));
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            var stream = _streams!.GetStream<ProjectionBatch>(StreamId.Create(OrderStreams.Namespace, shard));
            await stream.OnNextAsync(new ProjectionBatch(_self, sequence, pending.Changes));
        }
        catch (Exception ex)
        {
            if (s_failures.ShouldLog(out var count))
            {
                PublishFailing(logger, count, Held, ex.GetType().Name, ex.Message);
            }
            return false;
        }
        ServiceMetrics.PublishDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        var now = DateTimeOffset.UtcNow;
        lock (_lock)
        {
            if (pending.Again is { } again)
            {
                again.Sends++;
                again.DueAt = now + options.Value.ResendAfter * Math.Pow(2, again.Sends - 1);
            }
            else
            {
                state.NextSequence++;
                for (var i = 0; i < pending.Changes.Count; i++)
                {
                    state.Waiting.Dequeue();
                }
                state.Sent.Add(sequence, new SentBatch(sequence, pending.Changes, pending.Events,
                    [.. pending.Changes.SelectMany(c => c.Events).Select(e => e.Metadata.OccurredAt)], now) { DueAt = now + options.Value.ResendAfter });
            }
        }
        if (pending.Again is not null && s_resent.ShouldLog(out var resent))
        {
            Resent(logger, resent, options.Value.ResendAfter);
        }
        return true;
    }

    private bool AnyWaiting()
    {
        lock (_lock)
        {
            return _shards.Any(s => s.Waiting.Count > 0);
        }
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref _woken, 1) == 0)
        {
            _wake.Release();
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Publishing to the orders stream failed {Count} times since the last report; {Held} events held; retrying with backoff. Last error: {ErrorType}: {Error}")]
    private static partial void PublishFailing(ILogger logger, long count, int held, string errorType, string error);

    [LoggerMessage(3, LogLevel.Warning, "Sent {Batches} stream messages again since the last report: some view had not confirmed them within {After}")]
    private static partial void Resent(ILogger logger, long batches, TimeSpan after);

    private sealed class Shard
    {
        public Queue<OrderChange> Waiting { get; } = new();

        /// <summary>Sent batches some view has not confirmed yet, by sequence.</summary>
        public SortedList<long, SentBatch> Sent { get; } = [];

        public long NextSequence { get; set; } = 1;

        /// <summary>A message of this shard is on its way (only the loop sets it, only its send clears it).</summary>
        public volatile bool Busy;
    }

    /// <summary>A message to send: new changes, or a sent batch again (<paramref name="Again"/>, under its own sequence).</summary>
    private sealed record Pending(List<OrderChange> Changes, int Events, SentBatch? Again = null);

    /// <summary>A batch on its way: what it held (to send it again), the views that stored it, and when it is due again.</summary>
    private sealed class SentBatch(long sequence, List<OrderChange> changes, int events, DateTimeOffset[] occurredAt, DateTimeOffset sentAt)
    {
        public long Sequence => sequence;

        public List<OrderChange> Changes => changes;

        public int Events => events;

        public DateTimeOffset[] OccurredAt => occurredAt;

        public DateTimeOffset SentAt => sentAt;

        public HashSet<string> StoredBy { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset DueAt { get; set; }

        public int Sends { get; set; } = 1;
    }
}
