using Microsoft.Extensions.Logging;
using OrderOrleans.Contracts;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Delivery;

/// <summary>
/// Every <see cref="DeliveryOptions.RecoveryScanEvery"/> (and as the silo starts), looks for silos that named in-flight
/// orders and are dead or unknown to the cluster's membership, and has each one's orders caught up
/// (<see cref="IInFlightRecoveryGrain"/>): a silo killed with changes in its outbox loses no view update, even of an
/// order no one asks for again. One small partition read per look.
/// </summary>
public sealed partial class InFlightRecovery(
    InFlightOrders inFlight, IClusterMembershipService membership, IGrainFactory grains, IOptions<DeliveryOptions> options,
    ILogger<InFlightRecovery> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly LogThrottle s_failures = new(TimeSpan.FromSeconds(60));
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe<InFlightRecovery>(ServiceLifecycleStage.Active, Start, Stop);

    public void Dispose() => _stopping.Dispose();

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => Run(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task Run(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(stopping);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                if (s_failures.ShouldLog(out var count))
                {
                    ScanFailing(logger, count, ex.GetType().Name, ex.Message);
                }
            }
            // Jittered, so that silos started together do not look together.
            var every = options.Value.RecoveryScanEvery;
            await Task.Delay(every * (0.75 + Random.Shared.NextDouble() / 2), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task ScanAsync(CancellationToken stopping)
    {
        var silos = await inFlight.SilosAsync(stopping);
        if (silos.All(s => s == inFlight.SiloKey))
        {
            return;
        }
        // The table's view of the cluster, not this silo's possibly older one: a silo that just joined is not taken for gone.
        await membership.Refresh(cancellationToken: stopping);
        foreach (var key in silos)
        {
            if (key != inFlight.SiloKey && Gone(key))
            {
                var recovery = grains.Grain<IInFlightRecoveryGrain>(key);
                int recovered;
                do
                {
                    recovered = await recovery.Recover();
                }
                while (recovered > 0 && !stopping.IsCancellationRequested);
            }
        }
    }

    private bool Gone(string key) =>
        !SiloAddress.TryParse(key, out var silo) || membership.CurrentSnapshot.GetSiloStatus(silo) is SiloStatus.Dead or SiloStatus.None;

    [LoggerMessage(1, LogLevel.Warning, "Looking for gone silos' in-flight orders failed {Count} times since the last report; trying again later. Last error: {ErrorType}: {Error}")]
    private static partial void ScanFailing(ILogger logger, long count, string errorType, string error);
}
