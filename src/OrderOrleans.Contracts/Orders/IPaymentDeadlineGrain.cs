using OrderOrleans.Domain;

namespace OrderOrleans.Contracts.Orders;

/// <summary>The payment deadline of one order (key: order id).</summary>
[Alias("IPaymentDeadlineGrain")]
public interface IPaymentDeadlineGrain : IGrainWithStringKey
{
    /// <summary>The order's events in version order, as its shard's consumer receives them (repeats are harmless).</summary>
    [Alias("Observe")]
    Task Observe(IReadOnlyList<EventEnvelope> events);
}

/// <summary>Feeds the payment deadlines from one shard's stream (key: the shard); it has no calls of its own.</summary>
[Alias("IPaymentDeadlineDispatcherGrain")]
public interface IPaymentDeadlineDispatcherGrain : IGrainWithIntegerKey;
