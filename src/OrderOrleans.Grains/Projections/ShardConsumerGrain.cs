using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Serialization.Invocation;
using Orleans.Streams;
using Orleans.Streams.Core;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// A projection's consumer of one shard's stream (key: the shard). A delivered batch is screened (changes the read models cannot hold are parked),
/// stored by the projection as a group commit with whatever else arrived meanwhile, and then confirmed to its senders.
/// If storage fails the changes stay pending here and are retried with backoff and jitter from a timer: the stream is
/// not held up, and the senders' backlog still counts them, so the lag stays honest. What it takes is bounded: past
/// <see cref="ProjectionOptions.MaxPendingChanges"/> a delivery is held until the next store takes the backlog, so a
/// queue's backlog (after an outage, or a bulk load) waits in the queue rather than in this grain's memory.
/// </summary>
[MayInterleave(nameof(MayInterleave))]
public abstract class ShardConsumerGrain(
    ProjectionStats stats, EventScreen screen, IOptions<ProjectionOptions> options, TimeProvider time, ILogger logger)
    : Grain, IStreamSubscriptionObserver, IAsyncObserver<ProjectionBatch>
{
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromSeconds(10);
    private readonly List<OrderChange> _pending = [];
    private readonly List<(IDeliveryReceipts Sender, long Sequence)> _receipts = [];
    private IGrainTimer? _retry;
    private int _failures;
    private bool _refused;
    private bool _flushing;
    private bool _holding;
    private TaskCompletionSource? _room;
    private Task _writes = Task.CompletedTask;

    protected abstract string Name { get; }

    /// <summary>One per projection type, so each logs its failures once per interval.</summary>
    protected abstract LogThrottle StoreFailures { get; }

    protected int Shard => (int)this.GetPrimaryKeyLong();

    protected ILogger Logger => logger;

    /// <summary>The order's version this projection has stored (its checkpoint for the order), 0 if none.</summary>
    protected abstract ValueTask<int> HeldVersion(string orderId);

    /// <summary>Runs a store (a flush: taking what is pending and storing it); a projection may make it wait for a turn.</summary>
    protected virtual Task InTurn(Func<Task> store) => store();

    /// <summary>Stores the changes newer than what is held, as one group commit; answers the summaries it applied.</summary>
    protected abstract Task<IReadOnlySet<OrderSummary>> Store(IReadOnlyList<OrderChange> changes);

    /// <summary>While a delivery is held for room, queries still answer: nothing has been taken from it yet.</summary>
    public bool MayInterleave(IInvokable request) => _holding && request.GetMethod().IsDefined(typeof(ReadOnlyAttribute), inherit: true);

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<ProjectionBatch>().ResumeAsync(this);

    /// <summary>
    /// Takes the batch and returns at once; one flush at a time stores everything taken since the last one. Idle, a batch
    /// is stored as soon as it comes; under load, the batches that arrive during a store are stored together by the next,
    /// so the transactions per second stay bounded however many batches come.
    /// </summary>
    public async Task OnNextAsync(ProjectionBatch batch, StreamSequenceToken? token = null)
    {
        await RoomForMore();
        foreach (var change in batch.Changes)
        {
            if (await screen.Pass(Name, change))
            {
                _pending.Add(change);
            }
        }
        if (batch.Sender is { } sender)
        {
            _receipts.Add((sender, batch.Sequence));
        }
        StartFlushing();
    }

    /// <summary>
    /// Holds the delivery while the changes taken and not yet being stored pass the bound, until the next store takes
    /// them: the stream's agent delivers one batch at a time, so its cache fills and it stops reading the queue. Held at
    /// most MaxDeliveryHold, well within the call's timeout (the agent gives a failed delivery up after a minute), and
    /// then taken all the same: while storage is down the backlog grows by one batch per hold, not by what the queue holds.
    /// </summary>
    private async Task RoomForMore()
    {
        if (_pending.Count < options.Value.MaxPendingChanges)
        {
            return;
        }
        _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _holding = true;
        try
        {
            await _room.Task.WaitAsync(options.Value.MaxDeliveryHold, time);
        }
        catch (TimeoutException)
        {
            // Taken anyway, see above.
        }
        finally
        {
            _holding = false;
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    /// <summary>
    /// Runs a write after every write started before it. Stores, catch-ups and rebuild steps change the same state and
    /// rows across awaits; the grain takes calls while a flush runs, so they queue here instead.
    /// </summary>
    protected Task<T> Serialized<T>(Func<Task<T>> write)
    {
        var run = After(_writes, write);
        _writes = run;
        return run;
    }

    protected Task Serialized(Func<Task> write) => Serialized(async () =>
    {
        await write();
        return true;
    });

    private static async Task<T> After<T>(Task previous, Func<Task<T>> write)
    {
        try
        {
            await previous;
        }
        catch (Exception)
        {
            // The earlier write's caller hears of its failure; this one runs regardless.
        }
        return await write();
    }

    private void StartFlushing()
    {
        if (_retry is null && !_flushing)
        {
            _flushing = true;
            _ = FlushWhilePending();
        }
    }

    private async Task FlushWhilePending()
    {
        try
        {
            while (_retry is null && (_pending.Count > 0 || _receipts.Count > 0))
            {
                await Serialized(() => InTurn(Flush));
            }
        }
        finally
        {
            _flushing = false;
        }
    }

    /// <summary>
    /// Stores what was taken so far, then confirms it to the senders; on failure it is taken back and retried with backoff
    /// (the retry's timer interleaves: it must fire while a delivery is held for room).
    /// </summary>
    private async Task Flush()
    {
        var changes = _pending.ToList();
        var receipts = _receipts.ToList();
        _pending.Clear();
        _receipts.Clear();
        _room?.TrySetResult();
        _room = null;
        try
        {
            var parked = new HashSet<OrderChange>();
            var applied = changes.Count == 0 ? new HashSet<OrderSummary>()
                : _refused && _failures >= options.Value.StoreAttempts ? await StoreEachOrPark(changes, parked)
                : await StoreMeasured(changes);
            var now = time.GetUtcNow();
            foreach (var change in changes.Where(c => !parked.Contains(c)))
            {
                if (applied.Contains(change.Summary))
                {
                    stats.Applied(Name, change.Events.Count, change.Events[^1].Metadata.OccurredAt, now);
                }
                else
                {
                    stats.Duplicate(Name, change.Events.Count);
                }
            }
            foreach (var (sender, sequence) in receipts)
            {
                sender.Stored(Name, Shard, sequence).Ignore();
            }
            (_failures, _refused) = (0, false);
        }
        catch (Exception ex)
        {
            _pending.InsertRange(0, changes);
            _receipts.InsertRange(0, receipts);
            _failures++;
            // An outage is waited out however long it lasts; a refusal is what the same change would meet again.
            _refused = !StorageCalls.IsUnavailable(ex);
            if (StoreFailures.ShouldLog(out var count))
            {
                ProjectionLog.StoreFailing(logger, Name, count, _pending.Count, ex.GetType().Name, ex.Message);
            }
            var delay = Backoff.Delay(options.Value.RetryDelay, s_maxRetryDelay, _failures + 1);
            _retry = this.RegisterGrainTimer(_ =>
            {
                _retry?.Dispose();
                _retry = null;
                StartFlushing();
                return Task.CompletedTask;
            }, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });
        }
    }

    /// <summary>Each change in a store of its own: one that storage still refuses is parked, the others are stored.</summary>
    private async Task<IReadOnlySet<OrderSummary>> StoreEachOrPark(IReadOnlyList<OrderChange> changes, HashSet<OrderChange> parked)
    {
        var applied = new HashSet<OrderSummary>();
        foreach (var change in changes)
        {
            try
            {
                applied.UnionWith(await StoreMeasured([change]));
            }
            catch (Exception ex) when (!StorageCalls.IsUnavailable(ex))
            {
                await screen.ParkUnstorable(Name, change, ex);
                parked.Add(change);
            }
        }
        return applied;
    }

    private async Task<IReadOnlySet<OrderSummary>> StoreMeasured(IReadOnlyList<OrderChange> changes)
    {
        var started = Stopwatch.GetTimestamp();
        var applied = await Store(changes);
        ProjectionStats.Stored(Name, Stopwatch.GetElapsedTime(started));
        return applied;
    }

    /// <summary>The newest change per order among <paramref name="changes"/>, where <paramref name="isNewer"/> says it is ahead of what is held.</summary>
    protected static List<OrderChange> Newest(IEnumerable<OrderChange> changes, Func<OrderSummary, bool> isNewer)
    {
        var newest = new Dictionary<string, OrderChange>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var summary = change.Summary;
            if (isNewer(summary) && (!newest.TryGetValue(summary.OrderId, out var seen) || seen.Summary.Version < summary.Version))
            {
                newest[summary.OrderId] = change;
            }
        }
        return [.. newest.Values];
    }
}
