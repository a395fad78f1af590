using Microsoft.Extensions.Logging;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.Projections.Tallies;

namespace OrderOrleans.Grains.Projections.OrderList;

/// <summary>
/// One shard of the order list (projection <c>order-list</c>): per order its checkpoint, its index rows (one per
/// question the list answers, <see cref="OrderListKeys"/>) and the counts it adds to (<see cref="OrderListCounts"/>),
/// all moved in one transaction as the order changes. Nothing is held per order beyond a bounded cache of checkpoints;
/// a query reads one range of rows (<see cref="OrderListReader"/>). Stored changes are then fanned out to the live feed.
/// </summary>
[ImplicitStreamSubscription(OrderStreams.Namespace)]
public sealed class OrderListShardGrain(TallyServices services, LocalOrderListShards local, ILogger<OrderListShardGrain> logger)
    : TallyShardGrain<OrderListCounts>(services, logger), IOrderListShardGrain
{
    private static readonly LogThrottle s_storeFailures = new(TimeSpan.FromSeconds(10));
    private readonly int _budget = services.Options.Value.ListRowsPerQuery;
    private readonly int _headRows = services.Options.Value.ListHeadRows;
    private readonly int _customerHeadRows = services.Options.Value.CachedOrdersPerShard;
    private OrderListHeads? _heads;
    private int _headsGeneration;
    private OrderListCounts? _allCounts;

    protected override string Name => ProjectionNames.OrderList;

    protected override bool HoldsAllTallies => false;

    /// <summary>The live feed and the list's freshness wait for its stores: they do not wait for the tallies' turns.</summary>
    protected override bool TakesTurns => false;

    protected override LogThrottle StoreFailures => s_storeFailures;

    protected override IEnumerable<(string Key, OrderListCounts Contribution)> Contribute(OrderFacts order)
    {
        var counts = OrderListCounts.Of(order.Summary);
        return
        [
            (OrderListCounts.All, counts),
            (OrderListCounts.Customer(order.Summary.CustomerId), counts),
            (OrderListCounts.Day(OrderListCounts.DayOf(order.Summary.CreatedAt)), counts),
        ];
    }

    protected override OrderListCounts Empty(string key) => new();

    protected override IEnumerable<string> Index(OrderSummary order) => OrderListKeys.Of(order);

    /// <summary>Tells the live feed the events that were new to the list.</summary>
    protected override async Task Applied(IReadOnlyList<OrderChange> changes, IReadOnlyDictionary<string, int> previous)
    {
        var told = new HashSet<(string, int)>();
        var feed = changes
            .SelectMany(c => c.Events.Where(e => previous.TryGetValue(e.OrderId, out var held) && e.Version > held && told.Add((e.OrderId, e.Version)))
                .Select(e => new FeedEvent(e, c.Summary.CustomerId)))
            .ToList();
        if (feed.Count > 0)
        {
            await GrainFactory.Grain<IEventFeedGrain>(0).Publish(feed);
        }
    }

    /// <summary>Answers from storage or the heads, then offers the heads to this silo's list reader (see <see cref="LocalOrderListShards"/>).</summary>
    public async Task<OrderListSlice> Query(OrderListQuery query)
    {
        var heads = Heads();
        var slice = await new OrderListReader(Rows, Table, AnsweringGeneration, Shard, _budget, Find, heads).Read(query);
        if (_allCounts is null && heads == _heads)
        {
            var all = await Find(OrderListCounts.All) ?? new OrderListCounts();
            // A commit while the counts were read has published newer ones.
            if (_allCounts is null && heads == _heads)
            {
                _allCounts = all;
                local.Publish(Shard, heads, all);
            }
        }
        return slice;
    }

    protected override void Committed(int generation, IReadOnlyDictionary<string, OrderSummary?> index, IReadOnlyDictionary<string, Held<OrderListCounts>> tallies)
    {
        if (generation != _headsGeneration || _heads is not { } heads)
        {
            return;
        }
        heads.Written(index);
        if (tallies.TryGetValue(OrderListCounts.All, out var all))
        {
            _allCounts = all.Value;
        }
        if (_allCounts is { } counts)
        {
            local.Publish(Shard, heads, counts);
        }
    }

    protected override void Forgot(int generation)
    {
        if (generation == _headsGeneration)
        {
            DropHeads();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DropHeads();
        }
        base.Dispose(disposing);
    }

    /// <summary>The heads of the answering generation (a rebuild that switched generations starts them afresh).</summary>
    private OrderListHeads Heads()
    {
        if (_heads is null || _headsGeneration != AnsweringGeneration)
        {
            DropHeads();
            _heads = new OrderListHeads(_headRows, _customerHeadRows);
            _headsGeneration = AnsweringGeneration;
        }
        return _heads;
    }

    private void DropHeads()
    {
        if (_heads is { } heads)
        {
            local.Withdraw(Shard, heads);
            heads.Dispose();
        }
        _heads = null;
        _allCounts = null;
    }
}
