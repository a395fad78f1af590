using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Projections;

namespace OrderOrleans.Tests.Infrastructure;

/// <summary>Sends changes into an order's shard stream as a silo's publisher would, so a test is the only deliverer.</summary>
public static class ShardDelivery
{
    /// <summary>The change an order grain would publish for the event at <paramref name="version"/>: that event and the summary after it.</summary>
    public static OrderChange ChangeAt(IReadOnlyList<EventEnvelope> history, int version)
    {
        var state = new OrderState();
        foreach (var envelope in history.Take(version))
        {
            state.Apply(envelope);
        }
        return OrderSummaries.ChangeOf(state, [history[version - 1]]);
    }

    /// <summary>A new order's change publishing <paramref name="events"/> together (versions 1..n), as its first command would.</summary>
    public static OrderChange NewOrder(string orderId, params IOrderEvent[] events)
    {
        var at = DateTimeOffset.UtcNow;
        var envelopes = events.Select((e, i) => new EventEnvelope(orderId, i + 1, e, new EventMetadata(at, $"c{i}", "corr", $"c{i}", "tester"))).ToArray();
        var state = new OrderState();
        foreach (var envelope in envelopes)
        {
            state.Apply(envelope);
        }
        return OrderSummaries.ChangeOf(state, envelopes);
    }

    /// <summary>The silo's configured number of projection shards.</summary>
    public static int Shards(IServiceProvider services) => services.GetRequiredService<IOptions<ProjectionOptions>>().Value.Shards;

    /// <summary>The shard the silo's projections keep <paramref name="orderId"/> in.</summary>
    public static int ShardOf(IServiceProvider services, string orderId) => ShardMap.ShardOf(orderId, Shards(services));

    /// <summary>Each shard's changes in one message, as the publisher batches a busy shard's changes.</summary>
    public static Task DeliverTogether(IServiceProvider services, params OrderChange[] changes)
    {
        var shards = Shards(services);
        var streams = services.GetRequiredKeyedService<IStreamProvider>(OrderStreams.Provider);
        return Task.WhenAll(changes.GroupBy(c => ShardMap.ShardOf(c.Summary.OrderId, shards)).Select(shard =>
            streams.GetStream<ProjectionBatch>(StreamId.Create(OrderStreams.Namespace, shard.Key)).OnNextAsync(new ProjectionBatch(null, 0, [.. shard]))));
    }

    public static async Task Deliver(IServiceProvider services, params OrderChange[] changes)
    {
        var shards = Shards(services);
        var streams = services.GetRequiredKeyedService<IStreamProvider>(OrderStreams.Provider);
        foreach (var change in changes)
        {
            var shard = ShardMap.ShardOf(change.Summary.OrderId, shards);
            await streams.GetStream<ProjectionBatch>(StreamId.Create(OrderStreams.Namespace, shard))
                .OnNextAsync(new ProjectionBatch(null, 0, [change]));
        }
    }
}
