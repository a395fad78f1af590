using OrderOrleans.Domain;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Grains.PersonalData;

namespace OrderOrleans.Grains.Orders;

/// <summary>An order folded as of a version or a time, and what that cost.</summary>
public sealed record OrderFold(OrderState State, int EventsRead, int? SnapshotVersion);

/// <summary>
/// Folds an order's history as of a version or a time: the newest usable snapshot at or below it, then the events
/// after it. Used for activation (the current state), temporal queries and idempotent replays of old answers.
/// </summary>
public sealed class OrderHistoryReader(OrderEventLog log, SnapshotStore snapshots, PersonalDataKeys keys)
{
    public async Task<OrderFold> FoldAsync(string orderId, int toVersion = int.MaxValue, DateTimeOffset? at = null,
        bool useSnapshots = true, Action<EventEnvelope>? folded = null, CancellationToken cancellationToken = default)
    {
        var state = (useSnapshots ? await snapshots.FindAsync(orderId, keys, toVersion, at) : null) ?? new OrderState();
        int? snapshotVersion = state.Exists ? state.Version : null;
        var read = 0;
        await foreach (var row in log.ReadAsync(orderId, state.Version + 1, toVersion, cancellationToken))
        {
            read++;
            if (at is not null && row.OccurredAt > at)
            {
                break;
            }
            await ApplyAsync(orderId, state, row, folded);
        }
        return new OrderFold(state, read, snapshotVersion);
    }

    /// <summary>
    /// The current state, for activation. A new order costs one point read (is there a first event?). An existing order of
    /// at most <paramref name="shortLog"/> events (most orders) is then read whole in one request, without asking for a
    /// snapshot first; a longer one folds from its newest snapshot and the events after it.
    /// </summary>
    public async Task<OrderFold> FoldCurrentAsync(
        string orderId, int shortLog, Action<EventEnvelope>? folded = null, CancellationToken cancellationToken = default)
    {
        if (!await log.ExistsAsync(orderId, cancellationToken))
        {
            return new OrderFold(new OrderState(), 0, null);
        }
        if (shortLog > 0)
        {
            var (head, whole) = await log.ReadHeadAsync(orderId, shortLog, cancellationToken);
            if (whole)
            {
                var state = new OrderState();
                foreach (var row in head)
                {
                    await ApplyAsync(orderId, state, row, folded);
                }
                return new OrderFold(state, head.Count, null);
            }
        }
        return await FoldAsync(orderId, folded: folded, cancellationToken: cancellationToken);
    }

    private async Task ApplyAsync(string orderId, OrderState state, EventRow row, Action<EventEnvelope>? folded)
    {
        if (row.Version != state.Version + 1)
        {
            throw new UnreadableEventException($"Order '{orderId}' has no event {state.Version + 1}: the log jumps to {row.Version}.");
        }
        var envelope = row.Open(await keys.OfAsync(row));
        state.Apply(envelope);
        folded?.Invoke(envelope);
    }
}
