using OrderOrleans.Grains.Delivery;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Grains.Orders;
using OrderOrleans.Grains.PersonalData;
using OrderOrleans.Grains.Projections;

namespace OrderOrleans.Grains;

/// <summary>Creates the service's tables once, as the silo starts and before it takes grain calls.</summary>
internal sealed class StorageInitializer(OrderEventLog log, SnapshotStore snapshots, ClientKeyRegistry keys, CustomerKeyStore customerKeys, ProjectionStore projections, InFlightOrders inFlight)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe<StorageInitializer>(ServiceLifecycleStage.RuntimeInitialize, async ct =>
        {
            await log.CreateTablesAsync(ct);
            await snapshots.CreateTablesAsync(ct);
            await keys.CreateTablesAsync(ct);
            await customerKeys.CreateTablesAsync(ct);
            await projections.CreateTablesAsync(ct);
            await inFlight.CreateTablesAsync(ct);
        });
}
