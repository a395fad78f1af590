using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace OrderOrleans.Grains.Processes;

/// <summary>
/// A second consumer of each shard's stream (key: the shard): hands every order's placing, payment and cancellation to
/// its <see cref="PaymentDeadlineGrain"/>, unless it has nothing to arm or disarm. Apart from the shard's projection, so
/// reminder writes never slow the views; a failure throws, and the stream redelivers the batch (the deadline grains take
/// repeats calmly).
/// </summary>
[ImplicitStreamSubscription(OrderStreams.Namespace)]
public sealed class PaymentDeadlineDispatcherGrain : Grain, IPaymentDeadlineDispatcherGrain, IStreamSubscriptionObserver, IAsyncObserver<ProjectionBatch>
{
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<ProjectionBatch>().ResumeAsync(this);

    public Task OnNextAsync(ProjectionBatch batch, StreamSequenceToken? token = null) =>
        Task.WhenAll(batch.Changes
            .Where(c => c.Events.Any(e => e.Event is OrderPlaced or PaymentRecorded or OrderCancelled))
            .GroupBy(c => c.Summary.OrderId)
            .Select(g => (g.Key, Events: g.SelectMany(c => c.Events).OrderBy(e => e.Version).ToArray(), Latest: g.MaxBy(c => c.Summary.Version)!.Summary))
            .Where(order => PaymentDeadlineGrain.Concerns(order.Events, order.Latest))
            .Select(order => GrainFactory.Grain<IPaymentDeadlineGrain>(order.Key).Observe(order.Events)));

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
