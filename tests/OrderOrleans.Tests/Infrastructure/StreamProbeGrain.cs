using Orleans.Streams;
using Orleans.Streams.Core;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Tests.Infrastructure;

[Alias("IStreamProbeGrain")]
public interface IStreamProbeGrain : IGrainWithIntegerKey
{
    [Alias("Received")]
    Task<IReadOnlyList<EventEnvelope>> Received(string orderId);
}

/// <summary>A test-only consumer of the <c>orders</c> stream (key: a shard): records the events it is delivered.</summary>
[ImplicitStreamSubscription(OrderStreams.Namespace)]
public sealed class StreamProbeGrain : Grain, IStreamProbeGrain, IStreamSubscriptionObserver, IAsyncObserver<ProjectionBatch>
{
    private readonly List<EventEnvelope> _received = [];

    public Task<IReadOnlyList<EventEnvelope>> Received(string orderId) =>
        Task.FromResult<IReadOnlyList<EventEnvelope>>([.. _received.Where(e => e.OrderId == orderId)]);

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<ProjectionBatch>().ResumeAsync(this);

    public Task OnNextAsync(ProjectionBatch item, StreamSequenceToken? token = null)
    {
        _received.AddRange(item.Changes.SelectMany(c => c.Events));
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
