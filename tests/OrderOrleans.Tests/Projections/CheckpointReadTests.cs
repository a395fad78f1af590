using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Projections;
using OrderOrleans.Testing;
using OrderOrleans.Tests.Infrastructure;

namespace OrderOrleans.Tests.Projections;

/// <summary>
/// An order the projections have never seen is inserted without reading its checkpoint first. Under load an order's
/// creation and its placing usually reach a shard in one batch; taking only the newest change of the batch as the one
/// that counts, the shards read a checkpoint that could not exist, once per order in each of the four projections.
/// </summary>
public sealed class CheckpointReadTests : IAsyncLifetime
{
    private readonly RecordingPolicy _requests = new();
    private SiloApp _app = null!;

    public async Task InitializeAsync()
    {
        var connectionString = (await AzuriteServer.Shared).ConnectionString;
        _app = new SiloApp(connectionString, services: TablePipeline.With(connectionString, _requests))
        {
            Settings = { ["OrderOrleans:Projections:Shards"] = "1" },
        };
        _app.CreateClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_order_created_and_placed_in_one_batch_is_stored_by_every_projection_without_a_checkpoint_read()
    {
        var orderId = TestNames.OrderId("fresh");
        var events = new List<EventEnvelope>();
        var state = new OrderState();
        OrderChange Change(params IOrderEvent[] raised)
        {
            var envelopes = raised.Select(e => new EventEnvelope(orderId, events.Count + 1, e, new EventMetadata(DateTimeOffset.UtcNow, $"c{events.Count}", "corr", $"c{events.Count}", "tester")))
                .Select(e => { events.Add(e); state.Apply(e); return e; }).ToList();
            return OrderSummaries.ChangeOf(state, envelopes);
        }
        var created = Change(new OrderCreated("fresh-customer", "USD", null), new ItemAdded("fresh-p", "P", 2, 5m));
        var placed = Change(new OrderPlaced(10m));

        await ShardDelivery.DeliverTogether(_app.Services, created, placed);

        // Waiting on the applied counts, not on the checkpoints: asking a shard for one before it is stored reads it too.
        var grains = _app.Services.GetRequiredService<IGrainFactory>();
        foreach (var projection in ProjectionNames.All)
        {
            await Eventually.Until(() => grains.GetGrain<IProjectionGrain>(projection).GetInfo(), i => i.Lag.EventsApplied > 0);
        }
        _requests.Uris.Where(u => u.Contains($"RowKey='o:{orderId}'", StringComparison.Ordinal)).ShouldBeEmpty();
        foreach (var projection in ProjectionNames.All)
        {
            (await ProjectionShards.Of(grains, projection, 0).GetVersion(orderId)).ShouldBe(3);
        }
    }

    private sealed class RecordingPolicy : HttpPipelineSynchronousPolicy
    {
        private readonly Lock _lock = new();
        private readonly List<string> _uris = [];

        public IReadOnlyList<string> Uris
        {
            get
            {
                lock (_lock)
                {
                    return [.. _uris];
                }
            }
        }

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Get)
            {
                lock (_lock)
                {
                    _uris.Add(Uri.UnescapeDataString(message.Request.Uri.ToString()));
                }
            }
        }
    }
}
