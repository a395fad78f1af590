using Microsoft.Extensions.Options;

namespace OrderOrleans.Grains.Projections.Tallies;

/// <summary>
/// How many stores of the tally projections (customers, products, analytics) a silo runs at once
/// (<see cref="ProjectionOptions.TallyStoresAtOnce"/>). Their shards otherwise each send a transaction whenever the one
/// before finishes, and on one table service those transactions queue beside the appends and the order list's, which
/// the live feed and the list's freshness wait for. Taking turns, a shard gathers what arrives while it waits into its
/// next store: fewer, larger transactions for the same changes. Turns are handed out in order of asking.
/// </summary>
public sealed class TallyStoreTurns(IOptions<ProjectionOptions> options)
{
    private readonly SemaphoreSlim? _turns = options.Value.TallyStoresAtOnce > 0 ? new SemaphoreSlim(options.Value.TallyStoresAtOnce) : null;

    /// <summary>Runs <paramref name="store"/> once a turn is free (at once when turns are not limited).</summary>
    public async Task InTurn(Func<Task> store)
    {
        if (_turns is null)
        {
            await store();
            return;
        }
        await _turns.WaitAsync();
        try
        {
            await store();
        }
        finally
        {
            _turns.Release();
        }
    }
}
