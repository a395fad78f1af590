using Microsoft.Extensions.Logging;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Delivery;

/// <summary>
/// Recovers one gone silo's in-flight orders (key: its address): each is activated, which makes it ask its projection to
/// compare every view with the log and store what is missing; then its rows go. One activation per silo, so silos that
/// all notice the same death do the work once; a later call finds the rows gone and answers 0. A call takes at most
/// <see cref="MaxPerCall"/> orders, well within a call's timeout; the caller calls again until none are left.
/// </summary>
public sealed partial class InFlightRecoveryGrain(InFlightOrders inFlight, ILogger<InFlightRecoveryGrain> logger) : Grain, IInFlightRecoveryGrain
{
    private const int Concurrency = 8;
    private const int MaxPerCall = 500;

    public async Task<int> Recover()
    {
        var silo = this.GetPrimaryKeyString();
        var orders = await inFlight.OrdersOfAsync(silo, MaxPerCall);
        foreach (var chunk in orders.Chunk(Concurrency))
        {
            await Task.WhenAll(chunk.Select(id => GrainFactory.Order(id).GetOrder()));
        }
        await inFlight.ForgetAsync(silo, orders);
        if (orders.Count > 0)
        {
            Recovered(logger, orders.Count, silo);
        }
        return orders.Count;
    }

    [LoggerMessage(1, LogLevel.Warning, "Caught up {Orders} orders that silo {Silo} had in flight when it went away")]
    private static partial void Recovered(ILogger logger, int orders, string silo);
}
