using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Grains.Orders;
using Microsoft.Extensions.Options;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// Projects one order again from the event log, outside the stream: the retry of a dead letter, a repair found by verify,
/// and the catch-up an order asks for when it activates (a silo that went away may have taken its last changes with it).
/// It folds the log with the same <see cref="OrderState"/> as the write side and hands the shard the summary, "if newer".
/// </summary>
public sealed class OrderProjectionGrain(
    OrderEventLog log,
    ProjectionStore store,
    IOptions<ProjectionOptions> options,
    IEnumerable<IProjectionInterceptor> interceptors)
    : Grain, IOrderProjectionGrain
{
    private const string Name = ProjectionNames.OrderList;

    private string OrderId => this.GetPrimaryKeyString();

    private IOrderListShardGrain Shard => GrainFactory.GetGrain<IOrderListShardGrain>(ShardMap.ShardOf(OrderId, options.Value.Shards));

    public async Task CatchUp(int version)
    {
        var held = await Shard.GetVersion(OrderId);
        if (version > held)
        {
            await Project(held, version);
        }
    }

    public async Task Retry(int version)
    {
        // Project the whole log again, up to its newest event: the view then holds the parked event and all after it.
        var latest = await log.GetVersionAsync(OrderId);
        await Project(await Shard.GetVersion(OrderId), Math.Max(latest, version), everyEvent: true);
        await store.RemoveDeadLetterAsync(Name, OrderId, version);
    }

    /// <summary>Folds the log up to <paramref name="version"/>, runs the interceptors on what the view lacks, stores the summary.</summary>
    private async Task Project(int held, int version, bool everyEvent = false)
    {
        var state = new OrderState();
        var missing = new List<EventEnvelope>();
        await foreach (var row in log.ReadAsync(OrderId, 1, version))
        {
            var envelope = row.ToEnvelope();
            state.Apply(envelope);
            if (everyEvent || envelope.Version > held)
            {
                foreach (var interceptor in interceptors)
                {
                    interceptor.BeforeApply(Name, envelope);
                }
                missing.Add(envelope);
            }
        }
        if (!state.Exists)
        {
            throw new InvalidOperationException($"Order '{OrderId}' has no event {version}.");
        }
        await Shard.Apply(OrderSummaries.Of(state));
        var feed = missing.Where(e => e.Version > held).Select(e => new FeedEvent(e, state.CustomerId)).ToList();
        if (feed.Count > 0)
        {
            await GrainFactory.GetGrain<IEventFeedGrain>(0).Publish(feed);
        }
    }
}
