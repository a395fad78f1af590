using Microsoft.Extensions.Logging;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// Puts each change through <see cref="ChangeCheck"/> before a projection takes it. One that fails is parked as a dead
/// letter at once (trying it again cannot help) and the projection moves on; the operator fixes the stored events (or
/// ships an upcaster) and retries the letter. Storage failures are not the screen's: the consumer retries those, and
/// parks here a change that storage keeps refusing (<see cref="ParkUnstorable"/>).
/// </summary>
public sealed class EventScreen(ProjectionStore store, TimeProvider time, ILogger<EventScreen> logger)
{
    /// <summary>False when the change was parked.</summary>
    public ValueTask<bool> Pass(string projection, OrderChange change) =>
        ChangeCheck.Problem(change) is { } problem ? Park(projection, change, problem) : ValueTask.FromResult(true);

    /// <summary>A change storage refused on its own, after its batch's retries: parked, so the shard moves on.</summary>
    public async Task ParkUnstorable(string projection, OrderChange change, Exception error) =>
        await Park(projection, change, $"storage refused it: {error.GetType().Name}: {error.Message}");

    private async ValueTask<bool> Park(string projection, OrderChange change, string problem)
    {
        // A rebuild's change carries no events: it stands for the whole order, which begins with its creation.
        var (orderId, version, type) = change.Events is [var first, ..]
            ? (first.OrderId, first.Version, first.Type)
            : (change.Summary.OrderId, 1, StoredNames.Of(typeof(OrderCreated)).Name);
        await store.ParkAsync(new DeadLetter(projection, orderId, version, type, problem, 1, time.GetUtcNow()));
        ProjectionLog.Parked(logger, projection, orderId, version, problem);
        ProjectionStats.Parked(projection, change.Events.Count);
        return false;
    }
}
