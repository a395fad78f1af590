using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrderOrleans.Silo.Health;

/// <summary>Healthy when the storage account answers a cheap table query.</summary>
public sealed class StorageHealthCheck(TableServiceClient tables) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
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
