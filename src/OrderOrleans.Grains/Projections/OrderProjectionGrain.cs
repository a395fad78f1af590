using Microsoft.Extensions.Options;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// Projects one order again from the event log, outside the stream: the retry of a dead letter, a repair found by verify,
/// and the catch-up an order asks for when it activates (a silo that went away may have taken its last changes with it).
/// It folds the log with the same <see cref="OrderState"/> as the write side and hands each projection that lacks the
/// order's newest version the order's change, "if newer".
/// </summary>
public sealed class OrderProjectionGrain(
    OrderEventLog log,
    ProjectionStore store,
    IOptions<ProjectionOptions> options)
    : Grain, IOrderProjectionGrain
{
    private string OrderId => this.GetPrimaryKeyString();

    private int ShardId => ShardMap.ShardOf(OrderId, options.Value.Shards);

    public async Task CatchUp(int version)
    {
        var held = await Held();
        if (version > held.Values.Min())
        {
            await Project(held, version);
        }
    }

    public async Task Retry(string projection, int version)
    {
        // Project the whole log again, up to its newest event: the view then holds the parked event and all after it.
        var latest = await log.GetVersionAsync(OrderId);
        var held = await Held();
        await Project(held, Math.Max(latest, version));
        await store.RemoveDeadLetterAsync(projection, OrderId, version);
    }

    /// <summary>The order's version each projection holds.</summary>
    private async Task<Dictionary<string, int>> Held()
    {
        var versions = await Task.WhenAll(ProjectionNames.All.Select(p => ProjectionShards.Of(GrainFactory, p, ShardId).GetVersion(OrderId)));
        return ProjectionNames.All.Zip(versions).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    /// <summary>
    /// Folds the log up to <paramref name="version"/>, checks the change, and stores it in every projection ("if newer").
    /// </summary>
    private async Task Project(Dictionary<string, int> held, int version)
    {
        var state = new OrderState();
        var events = new List<EventEnvelope>();
        await foreach (var row in log.ReadAsync(OrderId, 1, version))
        {
            var envelope = row.ToEnvelope();
            state.Apply(envelope);
            events.Add(envelope);
        }
        if (!state.Exists)
        {
            throw new InvalidOperationException($"Order '{OrderId}' has no event {version}.");
        }
        var change = OrderSummaries.ChangeOf(state, [.. events.Where(e => e.Version > held.Values.Min())]);
        if (ChangeCheck.Problem(change) is { } problem)
        {
            // The log itself holds what the read models cannot: a retry fails (and says why) until the events are fixed.
            throw new InvalidOperationException(problem);
        }
        // The list's shard tells the live feed what was new to it, as it does for changes from the stream.
        await Task.WhenAll(held.Keys.Select(p => ProjectionShards.Of(GrainFactory, p, ShardId).Apply(change)));
    }
}
