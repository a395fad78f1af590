using Microsoft.Extensions.Options;

namespace OrderOrleans.Grains.Projections.Tallies;

/// <summary>What every tally projection's shard needs from the silo, in one piece, so each projection names only itself.</summary>
public sealed class TallyServices(
    TallyStore store, ProjectionStore projections, ProjectionStats stats, EventScreen screen, IOptions<ProjectionOptions> options, TimeProvider time,
    TallyStoreTurns turns)
{
    public TallyStore Store { get; } = store;
    public ProjectionStore Projections { get; } = projections;
    public ProjectionStats Stats { get; } = stats;
    public EventScreen Screen { get; } = screen;
    public IOptions<ProjectionOptions> Options { get; } = options;
    public TimeProvider Time { get; } = time;
    public TallyStoreTurns Turns { get; } = turns;
}
