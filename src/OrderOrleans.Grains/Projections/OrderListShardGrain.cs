using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// One shard of the order list, and the consumer of its shard's stream. Holds the summaries of its orders in memory for
/// queries and as rows of its own (<see cref="ProjectionStore"/>), written before memory changes. Every write is "if
/// newer": the version is the checkpoint, so repeats and stale writes are no-ops. A delivered batch is stored as one
/// group commit (an entity-group transaction: the shard's rows share a partition), then fanned out to the live feed,
/// then its sender gets a receipt. If storage fails, the batch stays pending here and is retried
/// with backoff from a timer (the stream is not held up, the sender's backlog still counts it). During a rebuild the
/// shard keeps a second, growing generation beside the one it answers from, and writes live changes to both.
/// </summary>
[ImplicitStreamSubscription(OrderStreams.Namespace)]
public sealed class OrderListShardGrain(
    ProjectionStore store,
    ProjectionStats stats,
    IOptions<ProjectionOptions> options,
    IEnumerable<IProjectionInterceptor> interceptors,
    TimeProvider time,
    ILogger<OrderListShardGrain> logger)
    : Grain, IOrderListShardGrain, IStreamSubscriptionObserver, IAsyncObserver<ProjectionBatch>
{
    private const string Name = ProjectionNames.OrderList;
    private static readonly LogThrottle s_storeFailures = new(TimeSpan.FromSeconds(10));
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromSeconds(10);

    private Dictionary<string, OrderSummary> _orders = new(StringComparer.Ordinal);
    private int _generation;
    private Dictionary<string, OrderSummary>? _next;
    private int _nextGeneration;
    private readonly List<OrderChange> _pending = [];
    private readonly List<(IDeliveryReceipts Sender, long Sequence)> _receipts = [];
    private IGrainTimer? _retry;
    private int _failures;

    private int Shard => (int)this.GetPrimaryKeyLong();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var meta = await store.GetMetaAsync(ProjectionNames.OrderList);
        _generation = meta.ActiveGeneration;
        _orders = await Load(_generation);
        if (meta.IsRebuilding)
        {
            _nextGeneration = meta.RebuildGeneration;
            _next = await Load(_nextGeneration);
        }
    }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<ProjectionBatch>().ResumeAsync(this);

    public async Task OnNextAsync(ProjectionBatch batch, StreamSequenceToken? token = null)
    {
        foreach (var change in batch.Changes)
        {
            if (await Screen(change))
            {
                _pending.Add(change);
            }
        }
        if (batch.Sender is { } sender)
        {
            _receipts.Add((sender, batch.Sequence));
        }
        if (_retry is null)
        {
            await Flush();
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async Task Apply(OrderSummary summary)
    {
        if (IsNewer(_orders, summary))
        {
            await store.UpsertAsync(_generation, Shard, summary);
            _orders[summary.OrderId] = summary;
        }
        if (_next is not null && IsNewer(_next, summary))
        {
            await store.UpsertAsync(_nextGeneration, Shard, summary);
            _next[summary.OrderId] = summary;
        }
    }

    /// <summary>Stores the pending changes in one go, then tells the feed and the senders.</summary>
    private async Task Flush()
    {
        if (_pending.Count == 0 && _receipts.Count == 0)
        {
            return;
        }
        try
        {
            var current = Newer(_orders, _pending);
            await store.UpsertManyAsync(_generation, Shard, current);
            if (_next is not null)
            {
                var next = Newer(_next, _pending);
                await store.UpsertManyAsync(_nextGeneration, Shard, next);
                Remember(_next, next);
            }
            var feed = _pending.SelectMany(c => c.Events.Where(e => e.Version > Held(c.Summary.OrderId))
                .Select(e => new FeedEvent(e, c.Summary.CustomerId))).ToList();
            Remember(_orders, current);
            var now = time.GetUtcNow();
            foreach (var change in _pending)
            {
                if (current.Contains(change.Summary))
                {
                    stats.Applied(change.Events.Count, change.Events[^1].Metadata.OccurredAt, now);
                }
                else
                {
                    stats.Duplicate(change.Events.Count);
                }
            }
            if (feed.Count > 0)
            {
                await GrainFactory.GetGrain<IEventFeedGrain>(0).Publish(feed);
            }
            foreach (var (sender, sequence) in _receipts)
            {
                sender.Stored(Shard, sequence).Ignore();
            }
            _pending.Clear();
            _receipts.Clear();
            _failures = 0;
            _retry?.Dispose();
            _retry = null;
        }
        catch (Exception ex)
        {
            _failures++;
            if (s_storeFailures.ShouldLog(out var count))
            {
                ProjectionLog.StoreFailing(logger, Name, count, _pending.Count, ex.GetType().Name, ex.Message);
            }
            var delay = TimeSpan.FromMilliseconds(Math.Min(s_maxRetryDelay.TotalMilliseconds,
                options.Value.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(_failures, 16))) * (0.5 + Random.Shared.NextDouble() / 2));
            _retry?.Dispose();
            _retry = this.RegisterGrainTimer(_ => Flush(), new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
    }

    /// <summary>
    /// Runs the interceptors (a handler's own checks) on each event, with doubling delays; a change that keeps failing is
    /// parked as a dead letter and left out, so the shard moves on. False when it was parked.
    /// </summary>
    private async Task<bool> Screen(OrderChange change)
    {
        foreach (var envelope in change.Events)
        {
            if (envelope.Version <= Held(envelope.OrderId))
            {
                continue;
            }
            var delay = options.Value.RetryDelay;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    foreach (var interceptor in interceptors)
                    {
                        interceptor.BeforeApply(Name, envelope);
                    }
                    break;
                }
                catch (Exception ex) when (attempt < options.Value.MaxAttempts)
                {
                    ProjectionLog.Failed(logger, Name, envelope.OrderId, envelope.Version, attempt, ex);
                    await Task.Delay(delay);
                    delay *= 2;
                }
                catch (Exception ex)
                {
                    await store.ParkAsync(new DeadLetter(Name, envelope.OrderId, envelope.Version, envelope.Type,
                        $"{ex.GetType().Name}: {ex.Message}", attempt, time.GetUtcNow()));
                    ProjectionLog.Parked(logger, Name, envelope.OrderId, envelope.Version, ex);
                    ProjectionStats.Parked(change.Events.Count);
                    return false;
                }
            }
        }
        return true;
    }

    private int Held(string orderId) => _orders.TryGetValue(orderId, out var held) ? held.Version : 0;

    /// <summary>The newest summary per order among the changes, where it is newer than what is held.</summary>
    private static List<OrderSummary> Newer(Dictionary<string, OrderSummary> held, List<OrderChange> changes)
    {
        var newest = new Dictionary<string, OrderSummary>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var summary = change.Summary;
            if (IsNewer(held, summary) && (!newest.TryGetValue(summary.OrderId, out var seen) || seen.Version < summary.Version))
            {
                newest[summary.OrderId] = summary;
            }
        }
        return [.. newest.Values];
    }

    private static void Remember(Dictionary<string, OrderSummary> held, List<OrderSummary> summaries)
    {
        foreach (var summary in summaries)
        {
            held[summary.OrderId] = summary;
        }
    }

    public Task<int> GetVersion(string orderId) =>
        Task.FromResult(_orders.TryGetValue(orderId, out var summary) ? summary.Version : 0);

    public Task<OrderListSlice> Query(OrderListQuery query)
    {
        var (items, count) = OrderListSelection.Top(_orders.Values, s =>
            (query.Status is null || s.Status == query.Status) &&
            (query.CustomerId is null || s.CustomerId == query.CustomerId) &&
            (query.From is null || s.CreatedAt >= query.From) &&
            (query.To is null || s.CreatedAt < query.To), OrderListOrder.For(query.Sort), query.Take);
        return Task.FromResult(new OrderListSlice(items, count));
    }

    public Task<CustomerStats> GetCustomerStats(string customerId) =>
        Task.FromResult(ReadModelFigures.Customer(customerId, _orders.Values.Where(s => s.CustomerId == customerId)));

    public Task<AnalyticsSummary> GetAnalytics() => Task.FromResult(ReadModelFigures.Analytics(_orders.Values));

    public Task<IReadOnlyList<OrderSummary>> GetAll() => Task.FromResult<IReadOnlyList<OrderSummary>>([.. _orders.Values]);

    public Task BeginRebuild(int generation)
    {
        _next = new Dictionary<string, OrderSummary>(StringComparer.Ordinal);
        _nextGeneration = generation;
        return Task.CompletedTask;
    }

    public async Task ApplyRebuilt(int generation, IReadOnlyList<OrderSummary> summaries)
    {
        if (_next is null || generation != _nextGeneration)
        {
            throw new InvalidOperationException($"Shard {Shard} is not rebuilding generation {generation}.");
        }
        var newer = summaries.Where(s => IsNewer(_next, s)).ToList();
        await store.UpsertManyAsync(generation, Shard, newer);
        foreach (var summary in newer)
        {
            _next[summary.OrderId] = summary;
        }
    }

    public Task CompleteRebuild(int generation)
    {
        if (_next is not null && generation == _nextGeneration)
        {
            (_orders, _generation, _next) = (_next, generation, null);
        }
        return Task.CompletedTask;
    }

    public Task AbortRebuild(int generation)
    {
        if (generation == _nextGeneration)
        {
            _next = null;
        }
        return Task.CompletedTask;
    }

    private static bool IsNewer(Dictionary<string, OrderSummary> orders, OrderSummary summary) =>
        !orders.TryGetValue(summary.OrderId, out var held) || held.Version < summary.Version;

    private async Task<Dictionary<string, OrderSummary>> Load(int generation) =>
        (await store.LoadShardAsync(generation, Shard)).ToDictionary(s => s.OrderId, StringComparer.Ordinal);
}

/// <summary>The list's orders: by the chosen key, then by order id, so that pages are stable.</summary>
public static class OrderListOrder
{
    private static readonly Dictionary<OrderListSort, IComparer<OrderSummary>> s_comparers = new()
    {
        [OrderListSort.Newest] = By((x, y) => y.CreatedAt.CompareTo(x.CreatedAt)),
        [OrderListSort.Oldest] = By((x, y) => x.CreatedAt.CompareTo(y.CreatedAt)),
        [OrderListSort.TotalDescending] = By((x, y) => y.Total.CompareTo(x.Total)),
        [OrderListSort.TotalAscending] = By((x, y) => x.Total.CompareTo(y.Total)),
        [OrderListSort.Customer] = By((x, y) => string.CompareOrdinal(x.CustomerId, y.CustomerId)),
        [OrderListSort.Status] = By((x, y) => x.Status.CompareTo(y.Status)),
    };

    public static IComparer<OrderSummary> For(OrderListSort sort) => s_comparers[sort];

    private static Comparer<OrderSummary> By(Func<OrderSummary, OrderSummary, int> key) => Comparer<OrderSummary>.Create((x, y) =>
    {
        var byKey = key(x, y);
        return byKey != 0 ? byKey : string.CompareOrdinal(x.OrderId, y.OrderId);
    });
}
