using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrderOrleans.Silo.Health;

/// <summary>
/// Healthy when the storage account answers a cheap table query. The answer is kept for a second: <c>/health</c> is open
/// to anyone, and a flood of it must not become a flood of storage calls.
/// </summary>
public sealed class StorageHealthCheck(TableServiceClient tables, TimeProvider time) : IHealthCheck, IDisposable
{
    private readonly KeptHealthResult _kept = new(TimeSpan.FromSeconds(1), time);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _kept.GetAsync(Probe, cancellationToken);

    public void Dispose() => _kept.Dispose();

    private async Task<HealthCheckResult> Probe(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages())
            {
                break;
            }
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Azure Table storage is unreachable.", ex);
        }
    }
}
