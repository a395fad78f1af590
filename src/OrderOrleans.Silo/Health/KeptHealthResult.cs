using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrderOrleans.Silo.Health;

/// <summary>
/// A health check's last result, kept for <paramref name="keep"/> and probed by one caller at a time: <c>/health</c> is
/// open to anyone, and a flood of it must not become a flood of storage calls. A result that carries an exception (the
/// probe could not ask) is kept for a second at most, so a long keep does not hide what the probe finds once storage is back.
/// </summary>
public sealed class KeptHealthResult(TimeSpan keep, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan s_keepFailure = TimeSpan.FromSeconds(1);

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

    private HealthCheckResult? Fresh() => _last is { } last && time.GetUtcNow() - last.At < KeptFor(last.Result) ? last.Result : null;

    private TimeSpan KeptFor(HealthCheckResult result) => result.Exception is null || keep < s_keepFailure ? keep : s_keepFailure;
}
