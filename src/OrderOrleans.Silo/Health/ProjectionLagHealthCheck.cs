using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Contracts;
using OrderOrleans.Grains.Delivery;

namespace OrderOrleans.Silo.Health;

/// <summary>Degraded while the oldest event not yet in the views is older than the configured threshold (the cluster's figure).</summary>
public sealed class ProjectionLagHealthCheck(IGrainFactory grains, IOptions<DeliveryOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var lag = await grains.Grain<IDeliveryLagGrain>(0).GetLag().WaitAsync(cancellationToken);
        var data = new Dictionary<string, object> { ["eventsBehind"] = lag.EventsBehind, ["oldestBehindMs"] = Math.Round(lag.OldestBehindMs) };
        return lag.OldestBehindMs > options.Value.LagDegradedAfter.TotalMilliseconds
            ? HealthCheckResult.Degraded(
                $"The views are {lag.OldestBehindMs / 1000:0.#} s behind the event log ({lag.EventsBehind} events on the way).", data: data)
            : HealthCheckResult.Healthy($"{lag.EventsBehind} events on the way to the views.", data);
    }
}
