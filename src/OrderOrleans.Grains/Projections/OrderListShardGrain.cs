using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// One shard of the order list, and its consumer of the shard's stream. Holds the summaries of its orders in memory for
/// queries and as rows of its own (<see cref="ProjectionStore"/>), written before memory changes. Every write is "if
/// newer": the version is the checkpoint, so repeats and stale writes are no-ops. A delivered batch is stored as one
/// group commit (an entity-group transaction: the shard's rows share a partition), then fanned out to the live feed.
/// During a rebuild the shard keeps a second, growing generation beside the one it answers from, and writes live changes
/// to both.
/// </summary>
[ImplicitStreamSubscription(OrderStreams.Namespace)]
public sealed class OrderListShardGrain(
    ProjectionStore store,
    ProjectionStats stats,
    EventScreen screen,
    IOptions<ProjectionOptions> options,
    TimeProvider time,
    ILogger<OrderListShardGrain> logger)
    : ShardConsumerGrain(stats, screen, options, time, logger), IOrderListShardGrain
{
    private static readonly LogThrottle s_storeFailures = new(TimeSpan.FromSeconds(10));

    private Dictionary<string, OrderSummary> _orders = new(StringComparer.Ordinal);
    private int _generation;
    private Dictionary<string, OrderSummary>? _next;
    private int _nextGeneration;

    protected override string Name => ProjectionNames.OrderList;

    protected override LogThrottle StoreFailures => s_storeFailures;

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

    protected override ValueTask<int> HeldVersion(string orderId) => ValueTask.FromResult(Held(orderId));

    /// <summary>Stores the newest summaries in one go (in both generations while rebuilding), then tells the feed.</summary>
    protected override async Task<IReadOnlySet<OrderSummary>> Store(IReadOnlyList<OrderChange> changes)
    {
        var current = Newest(changes, s => IsNewer(_orders, s)).Select(c => c.Summary).ToList();
        await store.UpsertManyAsync(_generation, Shard, current);
        if (_next is not null)
        {
            var next = Newest(changes, s => IsNewer(_next, s)).Select(c => c.Summary).ToList();
            await store.UpsertManyAsync(_nextGeneration, Shard, next);
            Remember(_next, next);
        }
        var feed = changes.SelectMany(c => c.Events.Where(e => e.Version > Held(c.Summary.OrderId))
            .Select(e => new FeedEvent(e, c.Summary.CustomerId))).ToList();
        Remember(_orders, current);
        if (feed.Count > 0)
        {
            await GrainFactory.GetGrain<IEventFeedGrain>(0).Publish(feed);
        }
        return current.ToHashSet();
    }

    public Task Apply(OrderChange change) => Serialized(async () =>
    {
        var summary = change.Summary;
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
    });

    private int Held(string orderId) => _orders.TryGetValue(orderId, out var held) ? held.Version : 0;

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


    public Task BeginRebuild(int generation) => Serialized(async () =>
    {
        await store.CreateGenerationAsync(generation);
        _next = new Dictionary<string, OrderSummary>(StringComparer.Ordinal);
        _nextGeneration = generation;
    });

    public Task DropGeneration(int generation) => store.DropGenerationAsync(generation);

    public Task<IReadOnlyList<ProjectionDifference>> Verify(IReadOnlyList<OrderChange> orders) => Serialized(() =>
    {
        var differences = new List<ProjectionDifference>();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var summary in orders.Select(o => o.Summary))
        {
            expected.Add(summary.OrderId);
            var held = _orders.GetValueOrDefault(summary.OrderId);
            if (held != summary)
            {
                differences.Add(new ProjectionDifference(Name, summary.OrderId, summary, held));
            }
        }
        differences.AddRange(_orders.Values.Where(s => !expected.Contains(s.OrderId)).Select(s => new ProjectionDifference(Name, s.OrderId, null, s)));
        return Task.FromResult<IReadOnlyList<ProjectionDifference>>(differences);
    });

    public Task ApplyRebuilt(int generation, IReadOnlyList<OrderChange> changes) => Serialized(async () =>
    {
        var summaries = changes.Select(c => c.Summary);
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
    });

    public Task CompleteRebuild(int generation) => Serialized(() =>
    {
        if (_next is not null && generation == _nextGeneration)
        {
            (_orders, _generation, _next) = (_next, generation, null);
        }
        return Task.CompletedTask;
    });

    public Task AbortRebuild(int generation) => Serialized(() =>
    {
        if (generation == _nextGeneration)
        {
            _next = null;
        }
        return Task.CompletedTask;
    });

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
