using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.Projections;
using OrderOrleans.Grains.Projections.Tallies;

namespace OrderOrleans.Silo.Health;

/// <summary>
/// Unhealthy while a projection's answering generation has a table for a shard at or past <c>Projections:Shards</c>: its rows
/// were stored for more shards (sixteen was the default before 2026-12-04), and an order's shard is its hash modulo the
/// count, so the views would answer from part of their rows and file changes beside the rows they change. Logged once
/// per probe; the answer is kept a minute, since only a rebuild or other settings change it (an unanswered probe a second).
/// </summary>
public sealed partial class ProjectionLayoutHealthCheck(
    ProjectionStore projections, TallyStore tallies, IOptions<ProjectionOptions> options, TimeProvider time, ILogger<ProjectionLayoutHealthCheck> logger)
    : IHealthCheck, IDisposable
{
    private readonly KeptHealthResult _kept = new(TimeSpan.FromMinutes(1), time);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _kept.GetAsync(Probe, cancellationToken);

    public void Dispose() => _kept.Dispose();

    private async Task<HealthCheckResult> Probe(CancellationToken cancellationToken)
    {
        var shards = options.Value.Shards;
        var misfiled = new List<string>();
        try
        {
            foreach (var projection in ProjectionNames.All)
            {
                var meta = await projections.GetMetaAsync(projection);
                if (await tallies.HasShardsPastAsync(ProjectionShards.TableOf(projection), meta.ActiveGeneration, shards))
                {
                    misfiled.Add(projection);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The storage check reports the outage; this one is unknown, and asks again at the next probe a second on.
            return new HealthCheckResult(HealthStatus.Healthy, "Not checked: storage did not answer.", ex);
        }
        if (misfiled.Count == 0)
        {
            return HealthCheckResult.Healthy($"Every projection is stored for {shards} shards.");
        }
        var names = string.Join(", ", misfiled);
        LayoutMismatch(logger, names, shards);
        return HealthCheckResult.Unhealthy(
            $"Projections {names} are stored for more than the {shards} shards configured: set OrderOrleans:Projections:Shards to the count they were stored with, or rebuild them.");
    }

    [LoggerMessage(1, LogLevel.Error, "Projections {Projections} are stored for more shards than the {Shards} configured (OrderOrleans:Projections:Shards; 16 was the default before 2026-12-04): their views answer from part of their rows. Set the count they were stored with, or rebuild each (POST /api/projections/{{name}}/rebuild).")]
    private static partial void LayoutMismatch(ILogger logger, string projections, int shards);
}
