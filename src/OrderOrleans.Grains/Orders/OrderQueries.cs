using OrderOrleans.Contracts.Orders;
using OrderOrleans.Domain;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Grains.PersonalData;

namespace OrderOrleans.Grains.Orders;

/// <summary>
/// An existing order's questions about its past, answered from the log: its stored events, its state at a version or a
/// time, a what-if replay. The grain checks the order exists and passes its current version.
/// </summary>
public sealed class OrderQueries(OrderEventLog log, OrderHistoryReader history, PersonalDataKeys keys)
{
    public async Task<IReadOnlyList<StoredEvent>> EventsAsync(string orderId, int current, int fromVersion, int limit)
    {
        var events = new List<StoredEvent>(Math.Min(limit, current));
        var toVersion = (int)Math.Min((long)fromVersion + limit - 1, int.MaxValue);
        await foreach (var row in log.ReadAsync(orderId, fromVersion, toVersion))
        {
            events.Add(row.ToStoredEvent(await keys.OfAsync(row)));
        }
        return events;
    }

    public async Task<Answer<OrderView>> AtAsync(string orderId, int current, int? version, DateTimeOffset? at)
    {
        if (version is { } v && (v < 1 || v > current))
        {
            return OrderErrors.Invalid(ErrorCodes.HistoryVersionOutOfRange, "version", $"version must be between 1 and {current}.");
        }
        var fold = await history.FoldAsync(orderId, version ?? current, at);
        return fold.State.Exists
            ? fold.State.ToView()
            : new OrderError(ErrorKind.NotFound, ErrorCodes.OrderNotYetCreated, $"The order did not exist yet at {at:O}.");
    }

    public async Task<Answer<ReplayResult>> ReplayAsync(string orderId, int current, ReplayRequest request)
    {
        if (request.SkipVersions.Any(v => v < 1 || v > current) || request.Insert.Any(i => i.AfterVersion < 0 || i.AfterVersion > current))
        {
            return OrderErrors.Invalid(ErrorCodes.ReplayVersionOutOfRange, "skipVersions",
                $"Versions to skip and insert after must be between 1 (0 to insert first) and {current}.");
        }
        var events = new List<EventEnvelope>(current);
        await foreach (var row in log.ReadAsync(orderId, 1, current))
        {
            events.Add(row.Open(await keys.OfAsync(row)));
        }
        return WhatIf.Fold(events, request);
    }
}
