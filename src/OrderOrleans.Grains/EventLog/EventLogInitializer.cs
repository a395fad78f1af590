namespace OrderOrleans.Grains.EventLog;

/// <summary>Creates the event log's tables once, as the silo starts and before it takes grain calls.</summary>
internal sealed class EventLogInitializer(OrderEventLog log) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe<EventLogInitializer>(ServiceLifecycleStage.RuntimeInitialize, log.CreateTablesAsync);
}
