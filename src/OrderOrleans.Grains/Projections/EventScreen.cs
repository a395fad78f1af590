using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// Runs a projection's interceptors (a handler's own checks) on each event it has not applied yet, with doubling delays;
/// a change that keeps failing is parked as a dead letter, so the projection moves on without it.
/// </summary>
public sealed class EventScreen(
    ProjectionStore store,
    IOptions<ProjectionOptions> options,
    IEnumerable<IProjectionInterceptor> interceptors,
    TimeProvider time,
    ILogger<EventScreen> logger)
{
    private readonly IProjectionInterceptor[] _interceptors = [.. interceptors];

    /// <summary>False when there is nothing to run, so a consumer need not look up what it holds.</summary>
    public bool Screens => _interceptors.Length > 0;

    /// <summary>False when the change was parked; <paramref name="held"/> is the order's version the projection has.</summary>
    public async Task<bool> Pass(string projection, OrderChange change, int held)
    {
        foreach (var envelope in change.Events)
        {
            if (envelope.Version <= held)
            {
                continue;
            }
            var delay = options.Value.RetryDelay;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    foreach (var interceptor in _interceptors)
                    {
                        interceptor.BeforeApply(projection, envelope);
                    }
                    break;
                }
                catch (Exception ex) when (attempt < options.Value.MaxAttempts)
                {
                    ProjectionLog.Failed(logger, projection, envelope.OrderId, envelope.Version, attempt, ex);
                    await Task.Delay(delay);
                    delay *= 2;
                }
                catch (Exception ex)
                {
                    await store.ParkAsync(new DeadLetter(projection, envelope.OrderId, envelope.Version, envelope.Type,
                        $"{ex.GetType().Name}: {ex.Message}", attempt, time.GetUtcNow()));
                    ProjectionLog.Parked(logger, projection, envelope.OrderId, envelope.Version, ex);
                    ProjectionStats.Parked(projection, change.Events.Count);
                    return false;
                }
            }
        }
        return true;
    }
}
