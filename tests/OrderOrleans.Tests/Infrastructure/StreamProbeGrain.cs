using Orleans.Streams;
using Orleans.Streams.Core;
using OrderOrleans.Contracts.Orders;

namespace OrderOrleans.Tests.Infrastructure;

[Alias("IStreamProbeGrain")]
public interface IStreamProbeGrain : IGrainWithStringKey
{
    [Alias("Received")]
    Task<IReadOnlyList<EventEnvelope>> Received();
}

/// <summary>A test-only consumer of the <c>orders</c> stream: records what it is delivered, per order.</summary>
[ImplicitStreamSubscription(OrderStreams.Namespace)]
public sealed class StreamProbeGrain : Grain, IStreamProbeGrain, IStreamSubscriptionObserver, IAsyncObserver<EventEnvelope>
{
    private readonly List<EventEnvelope> _received = [];

    public Task<IReadOnlyList<EventEnvelope>> Received() => Task.FromResult<IReadOnlyList<EventEnvelope>>([.. _received]);

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<EventEnvelope>().ResumeAsync(this);

    public Task OnNextAsync(EventEnvelope item, StreamSequenceToken? token = null)
    {
        _received.Add(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
