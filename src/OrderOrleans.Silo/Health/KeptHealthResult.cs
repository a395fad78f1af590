using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrderOrleans.Silo.Health;

/// <summary>
/// A health check's last result, kept for <paramref name="keep"/> and probed by one caller at a time: <c>/health</c> is
/// open to anyone, and a flood of it must not become a flood of storage calls.
/// </summary>
public sealed class KeptHealthResult(TimeSpan keep, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _probing = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? _last;

    public async Task<HealthCheckResult> GetAsync(Func<CancellationToken, Task<HealthCheckResult>> probe, CancellationToken cancellationToken)
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
            var result = await probe(cancellationToken);
            _last = (result, time.GetUtcNow());
            return result;
        }
        finally
        {
            _probing.Release();
        }
    }

    public void Dispose() => _probing.Dispose();

    private HealthCheckResult? Fresh() => _last is { } last && time.GetUtcNow() - last.At < keep ? last.Result : null;
}
