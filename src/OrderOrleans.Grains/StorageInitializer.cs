using OrderOrleans.Grains.EventLog;
using OrderOrleans.Grains.Orders;
using OrderOrleans.Grains.Projections;
using OrderOrleans.Grains.Projections.Products;

namespace OrderOrleans.Grains;

/// <summary>Creates the service's tables once, as the silo starts and before it takes grain calls.</summary>
internal sealed class StorageInitializer(OrderEventLog log, SnapshotStore snapshots, ClientKeyRegistry keys, ProjectionStore projections, ProductStore products) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe<StorageInitializer>(ServiceLifecycleStage.RuntimeInitialize, async ct =>
        {
            await log.CreateTablesAsync(ct);
            await snapshots.CreateTablesAsync(ct);
            await keys.CreateTablesAsync(ct);
            await projections.CreateTablesAsync(ct);
            await products.CreateGenerationAsync(1, ct);
        });
}
