using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrderOrleans.Silo.Health;

/// <summary>
/// Healthy when the storage account answers a cheap table query. The answer is kept for a second: <c>/health</c> is open
/// to anyone, and a flood of it must not become a flood of storage calls.
/// </summary>
public sealed class StorageHealthCheck(TableServiceClient tables, TimeProvider time) : IHealthCheck, IDisposable
{
    private static readonly TimeSpan s_keep = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _probing = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }
        await _probing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } probedMeanwhile)
            {
                return probedMeanwhile;
            }
            var result = await Probe(cancellationToken);
            _last = (result, time.GetUtcNow());
            return result;
        }
        finally
        {
            _probing.Release();
        }
    }

    public void Dispose() => _probing.Dispose();

    private HealthCheckResult? Fresh() => _last is { } last && time.GetUtcNow() - last.At < s_keep ? last.Result : null;

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
