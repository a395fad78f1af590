using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Grains.Delivery;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Grains.Orders;
using OrderOrleans.Grains.PersonalData;
using OrderOrleans.Grains.Projections;
using OrderOrleans.Grains.Projections.OrderList;
using OrderOrleans.Grains.Projections.Tallies;
using OrderOrleans.Storage;
using Orleans.Providers.Streams.AzureQueue;
using Orleans.Streams;

namespace OrderOrleans.Grains;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// Wires everything the grains need on one storage account: the event log and its log-consistency provider,
    /// the <c>orders</c> stream on Azure queues, and the projections' stores. Clustering is the host's choice.
    /// </summary>
    public static ISiloBuilder AddOrderOrleans(this ISiloBuilder silo, StorageAccount storage, OrderOrleansOptions? options = null)
    {
        options ??= new OrderOrleansOptions();
        // Checked before anything starts, so a wrong setting stops the host with its key named rather than failing later.
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(OrderOrleansOptions.Section, typeof(OrderOrleansOptions), problems);
        }
        var services = silo.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(storage.Tables());
        var names = new StorageNames(options.TablePrefix);
        services.AddSingleton(names);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<OrderEventLog>();
        services.AddSingleton<SnapshotStore>();
        services.AddSingleton<ClientKeyRegistry>();
        services.AddSingleton(options.PersonalData);
        services.AddSingleton<CustomerKeyStore>();
        services.AddSingleton<PersonalDataKeys>();
        services.AddSingleton<OrderHistoryReader>();
        services.AddSingleton<OrderQueries>();
        services.AddSingleton<ProjectionStore>();
        services.AddSingleton<ProjectionStats>();
        services.AddSingleton<EventScreen>();
        services.AddSingleton<TallyStore>();
        services.AddSingleton<TallyStoreTurns>();
        services.AddSingleton<TallyServices>();
        services.AddSingleton<LocalOrderListShards>();
        services.AddSingleton(Options.Create(options.Projections));
        services.AddSingleton(Options.Create(options.PaymentDeadline));
        services.AddSingleton(Options.Create(options.Delivery));
        services.AddSingleton<EventPublisher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<EventPublisher>());
        services.AddSingleton<InFlightOrders>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<InFlightOrders>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, InFlightRecovery>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StorageInitializer>();

        silo.AddCustomStorageBasedLogConsistencyProvider(OrderOrleansProviders.EventLog);
        // Grain state for any grain that keeps some (the service's own read models are rows of their own).
        silo.AddAzureTableGrainStorageAsDefault(o =>
        {
            o.TableServiceClient = storage.Tables();
            o.TableName = names.GrainState;
        });
        silo.UseAzureTableReminderService(o =>
        {
            o.TableServiceClient = storage.Tables();
            o.TableName = names.Reminders;
        });
        // Payment deadlines can be seconds in tests; production deadlines are minutes anyway.
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));

        var queueNames = Enumerable.Range(0, options.StreamQueues).Select(names.StreamQueue).ToList();
        silo.AddAzureQueueStreams(OrderStreams.Provider, configurator =>
        {
            configurator.ConfigureAzureQueue(ob => ob.Configure(o =>
            {
                o.QueueServiceClient = storage.Queues();
                o.QueueNames = queueNames;
                // Received messages wait in the agent's cache until delivered and deleted, which under a backlog can take
                // longer than the service's default 30 s: they would come back as duplicates and their deletes fail.
                o.MessageVisibilityTimeout = options.StreamMessageVisibility;
            }));
            configurator.ConfigureQueueDataAdapter((sp, _) => new UnreadableMessages(
                ActivatorUtilities.CreateInstance<AzureQueueDataAdapterV2>(sp), sp.GetRequiredService<ILogger<UnreadableMessages>>()));
            configurator.ConfigurePullingAgent(ob => ob.Configure(o => o.GetQueueMsgsTimerPeriod = options.StreamPollingPeriod));
            configurator.ConfigureCacheSize(options.StreamCacheMessages);
            // Projections subscribe implicitly, so no explicit-subscription store is needed.
            configurator.ConfigureStreamPubSub(Orleans.Streams.StreamPubSubType.ImplicitOnly);
        });
        // Registered after the provider's own: the provider resolves the last factory registered under its name.
        services.AddSingleton<QueueTrouble>();
        services.AddKeyedSingleton<IQueueAdapterFactory>(OrderStreams.Provider, (sp, _) => new AdaptivePollingAdapterFactory(
            AzureQueueAdapterFactory.Create(sp, OrderStreams.Provider), options.StreamPollingPeriod, options.StreamMaxIdlePoll, sp.GetRequiredService<QueueTrouble>()));
        // QueueTrouble reports what this category logs call by call.
        services.AddLogging(logging => logging.AddFilter(QueueTrouble.QuietCategory, LogLevel.Critical));
        return silo;
    }
}
