using System.Collections.Concurrent;
using OrderOrleans.Domain;

namespace OrderOrleans.Tests.Infrastructure;

/// <summary>What happens to one event on its way into the <c>orders</c> stream's queues.</summary>
public enum StreamFault
{
    /// <summary>Never enqueued: a lost message.</summary>
    Drop,

    /// <summary>Enqueued twice: what an at-least-once queue or a retried send produces.</summary>
    Duplicate,

    /// <summary>Enqueued only after the order's next event: delivery out of order.</summary>
    Delay,

    /// <summary>The enqueue of its message throws, once: the queue is unreachable for a moment.</summary>
    Fail,

    /// <summary>Its whole message is taken and never delivered, once: the sender hears no receipt for it.</summary>
    Lose,
}

/// <summary>
/// The faults a test plans for chosen events (each carried out once, when its event is enqueued), and the state of the
/// queues as a whole: every call slowed down, or nothing delivered. Counts the enqueue attempts.
/// </summary>
public sealed class StreamFaults
{
    private readonly ConcurrentDictionary<(string OrderId, int Version), StreamFault> _planned = new();
    private readonly ConcurrentQueue<DateTimeOffset> _sends = new();

    /// <summary>Every queue call (enqueue, receive, delete) waits this long first.</summary>
    public TimeSpan QueueDelay { get; set; }

    /// <summary>While true, receivers find nothing: messages wait in the queues and nothing reaches a view.</summary>
    public bool DeliveryStalled { get; set; }

    public void Plan(string orderId, int version, StreamFault fault) => _planned[(orderId, version)] = fault;

    /// <summary>Planned faults for these orders not carried out yet (so a test cannot pass without its faults).</summary>
    public int Pending(IEnumerable<string> orderIds) => _planned.Keys.Count(k => orderIds.Contains(k.OrderId));

    /// <summary>Enqueue attempts (messages sent or failed) since <paramref name="since"/>.</summary>
    public int SendsSince(DateTimeOffset since) => _sends.Count(at => at >= since);

    internal void Sending() => _sends.Enqueue(DateTimeOffset.UtcNow);

    internal StreamFault? Take(EventEnvelope envelope) =>
        _planned.TryRemove((envelope.OrderId, envelope.Version), out var fault) ? fault : null;
}
