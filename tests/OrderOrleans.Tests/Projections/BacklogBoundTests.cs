using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Projections;
using OrderOrleans.Testing;
using OrderOrleans.Tests.Infrastructure;

namespace OrderOrleans.Tests.Projections;

/// <summary>
/// While the views cannot store, a backlog waits in the stream's queue, not in the silo's memory: past a bound a shard's
/// consumer holds the delivery, the pulling agent's cache fills and it stops reading. Queries still answer meanwhile, and
/// once storage is back every change is stored.
/// </summary>
public sealed class BacklogBoundTests : IAsyncLifetime
{
    private const int Messages = 40;
    private readonly TransactionGate _gate = new();
    private SiloApp _app = null!;
    private QueueClient _queue = null!;

    public async Task InitializeAsync()
    {
        var connectionString = (await AzuriteServer.Shared).ConnectionString;
        _app = new SiloApp(connectionString, services: TablePipeline.With(connectionString, _gate))
        {
            Settings =
            {
                ["OrderOrleans:Projections:Shards"] = "1",
                ["OrderOrleans:StreamQueues"] = "1",
                ["OrderOrleans:StreamCacheMessages"] = "10",
                ["OrderOrleans:Projections:MaxPendingChanges"] = "4",
                ["OrderOrleans:Projections:MaxDeliveryHold"] = "00:00:30",
            },
        };
        _app.CreateClient();
        _queue = new QueueServiceClient(connectionString).GetQueueClient($"{_app.TablePrefix.ToLowerInvariant()}orders-0");
    }

    public async Task DisposeAsync()
    {
        _gate.Open();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_backlog_the_views_cannot_store_stays_in_the_queue_queries_answer_and_all_of_it_is_stored_once_storage_is_back()
    {
        var orders = Enumerable.Range(0, Messages * 2).Select(i => ShardDelivery.NewOrder(TestNames.OrderId($"held{i}"), new OrderCreated("held-customer", "USD", null), new ItemAdded("held-product", "Held", 1, 1m))).ToList();
        _gate.Close();
        for (var i = 0; i < Messages; i++)
        {
            await ShardDelivery.DeliverTogether(_app.Services, orders[2 * i], orders[(2 * i) + 1]);
        }
        await Eventually.Until(() => Task.FromResult(_gate.Held), held => held > 0);

        // Each consumer takes a few messages (its first store is held at the gate), then holds the next delivery; the
        // agent's cache of ten messages fills and the rest stay in the queue. Unbounded, the agent drains it in ~100 ms.
        for (var look = 0; look < 20; look++)
        {
            (await _queue.GetPropertiesAsync()).Value.ApproximateMessagesCount.ShouldBeGreaterThan(Messages - 15);
            await Task.Delay(100);
        }
        var list = _app.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrderListShardGrain>(0);
        var query = list.Query(new OrderListQuery(null, null, null, null, 10));
        (await Task.WhenAny(query, Task.Delay(TimeSpan.FromSeconds(10)))).ShouldBe(query, "a held delivery must not hold up queries");

        _gate.Open();
        var grains = _app.Services.GetRequiredService<IGrainFactory>();
        foreach (var projection in ProjectionNames.All)
        {
            var shard = ProjectionShards.Of(grains, projection, 0);
            await Eventually.Until(() => Task.WhenAll(orders.Select(o => shard.GetVersion(o.Summary.OrderId))), v => v.All(x => x == 2), TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>Holds every entity-group transaction (how the views store) while closed.</summary>
    private sealed class TransactionGate : HttpPipelinePolicy
    {
        private TaskCompletionSource _open = Opened();
        private int _held;

        public int Held => Volatile.Read(ref _held);

        public void Close() => Volatile.Write(ref _open, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        public void Open() => Volatile.Read(ref _open).TrySetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var open = Volatile.Read(ref _open);
            if (message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && !open.Task.IsCompleted)
            {
                Interlocked.Increment(ref _held);
                await open.Task;
            }
            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessNext(message, pipeline);

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource();
            open.SetResult();
            return open;
        }
    }
}
