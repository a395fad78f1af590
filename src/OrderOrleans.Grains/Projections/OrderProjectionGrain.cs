using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Grains.Orders;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// The order-list projection for one order, fed by the order's stream. Its checkpoint is the version its shard holds:
/// an event at or below it is a duplicate and ignored; one beyond the next is a gap, filled from the event log first.
/// A lost, repeated or reordered stream message therefore never corrupts the view. It applies no business rules:
/// it folds the log with <see cref="OrderState"/> and hands the shard the resulting summary.
/// </summary>
[ImplicitStreamSubscription(OrderStreams.Namespace)]
public sealed class OrderProjectionGrain(
    OrderEventLog log,
    ProjectionStore store,
    ProjectionStats stats,
    IOptions<ProjectionOptions> options,
    IEnumerable<IProjectionInterceptor> interceptors,
    TimeProvider time,
    ILogger<OrderProjectionGrain> logger)
    : Grain, IOrderProjectionGrain, IStreamSubscriptionObserver, IAsyncObserver<EventEnvelope>
{
    private const string Name = ProjectionNames.OrderList;
    private static readonly TimeSpan s_catchUpPeriod = TimeSpan.FromSeconds(5);

    private OrderState _state = new();
    private int? _checkpoint;
    private IGrainTimer? _catchUp;

    private string OrderId => this.GetPrimaryKeyString();

    private IOrderListShardGrain Shard => GrainFactory.GetGrain<IOrderListShardGrain>(ShardMap.ShardOf(OrderId, options.Value.Shards));

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<EventEnvelope>().ResumeAsync(this);

    public Task OnNextAsync(EventEnvelope envelope, StreamSequenceToken? token = null) => Deliver(envelope);

    public async Task Deliver(EventEnvelope envelope)
    {
        stats.Received();
        try
        {
            _checkpoint ??= await Shard.GetVersion(OrderId);
        }
        catch (Exception ex)
        {
            ProjectionLog.Failed(logger, Name, OrderId, envelope.Version, 0, ex);
            ScheduleCatchUp(envelope);
            return;
        }
        if (envelope.Version <= _checkpoint)
        {
            stats.Duplicate();
            return;
        }
        await ApplyWithRetries(envelope);
    }

    public async Task CatchUp(int version)
    {
        _checkpoint ??= await Shard.GetVersion(OrderId);
        if (version > _checkpoint)
        {
            await Deliver(await ReadEnvelope(version));
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async Task Retry(int version)
    {
        // Project the whole log again, up to its newest event: the view then holds the parked event and all after it.
        _state = new OrderState();
        var latest = await log.GetVersionAsync(OrderId);
        await Apply(await ReadEnvelope(Math.Max(latest, version)));
        await store.RemoveDeadLetterAsync(Name, OrderId, version);
    }

    /// <summary>Retries with doubling delays; an event that still fails is parked as a dead letter and the projection moves on.</summary>
    private async Task ApplyWithRetries(EventEnvelope envelope)
    {
        var delay = options.Value.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Apply(envelope);
                stats.Applied(envelope.Metadata.OccurredAt, time.GetUtcNow());
                return;
            }
            catch (Exception ex) when (attempt < options.Value.MaxAttempts)
            {
                ProjectionLog.Failed(logger, Name, OrderId, envelope.Version, attempt, ex);
                await Task.Delay(delay);
                delay *= 2;
            }
            catch (Exception ex)
            {
                await Park(envelope, attempt, ex);
                return;
            }
        }
    }

    private async Task Apply(EventEnvelope envelope)
    {
        var applied = await FoldThrough(envelope);
        foreach (var interceptor in interceptors)
        {
            interceptor.BeforeApply(Name, envelope);
        }
        await Shard.Apply(OrderSummaries.Of(_state));
        _checkpoint = _state.Version;
        var feed = GrainFactory.GetGrain<IEventFeedGrain>(0);
        foreach (var e in applied)
        {
            await feed.Publish(new FeedEvent(e, _state.CustomerId));
        }
    }

    /// <summary>Brings the fold up to the envelope, reading any missing earlier events from the log; returns what it applied.</summary>
    private async Task<List<EventEnvelope>> FoldThrough(EventEnvelope envelope)
    {
        var applied = new List<EventEnvelope>();
        if (_state.Version >= envelope.Version)
        {
            return applied;
        }
        if (_state.Version < envelope.Version - 1)
        {
            // A gap: read only the missing events, continuing the fold already held.
            await foreach (var row in log.ReadAsync(OrderId, _state.Version + 1, envelope.Version - 1))
            {
                var earlier = row.ToEnvelope();
                _state.Apply(earlier);
                if (earlier.Version > (_checkpoint ?? 0))
                {
                    applied.Add(earlier);
                }
            }
        }
        _state.Apply(envelope);
        applied.Add(envelope);
        return applied;
    }

    private async Task Park(EventEnvelope envelope, int attempts, Exception error)
    {
        try
        {
            await store.ParkAsync(new DeadLetter(Name, OrderId, envelope.Version, envelope.Type,
                $"{error.GetType().Name}: {error.Message}", attempts, time.GetUtcNow()));
            ProjectionLog.Parked(logger, Name, OrderId, envelope.Version, error);
            _checkpoint = envelope.Version;
            stats.Parked();
        }
        catch (Exception ex)
        {
            // Not even the dead letter could be stored (storage is down): keep trying from a timer until it applies.
            ProjectionLog.Failed(logger, Name, OrderId, envelope.Version, attempts, ex);
            ScheduleCatchUp(envelope);
        }
    }

    /// <summary>Catch-up: while storage is away, retry the latest event every few seconds, keeping the grain active.</summary>
    private void ScheduleCatchUp(EventEnvelope envelope)
    {
        _catchUp?.Dispose();
        _catchUp = this.RegisterGrainTimer(async ct =>
        {
            try
            {
                _checkpoint ??= await Shard.GetVersion(OrderId);
                if (envelope.Version > _checkpoint)
                {
                    await Apply(envelope);
                }
                stats.Applied(envelope.Metadata.OccurredAt, time.GetUtcNow());
                _catchUp?.Dispose();
                _catchUp = null;
            }
            catch (Exception ex)
            {
                ProjectionLog.Failed(logger, Name, OrderId, envelope.Version, 0, ex);
            }
        }, new GrainTimerCreationOptions(s_catchUpPeriod, s_catchUpPeriod) { KeepAlive = true });
    }

    private async Task<EventEnvelope> ReadEnvelope(int version)
    {
        await foreach (var row in log.ReadAsync(OrderId, version, version))
        {
            return row.ToEnvelope();
        }
        throw new InvalidOperationException($"Order '{OrderId}' has no event {version}.");
    }
}
