
namespace OrderOrleans.Domain;

/// <summary>
/// Folds an order's history the way an operator asks: some versions left out, some events put in. Each event is
/// judged by the rules at its new place; one they would refuse is reported and left out, as a command would have been.
/// Pure: it reads what it is given and writes nothing.
/// </summary>
public static class WhatIf
{
    public static ReplayResult Fold(IReadOnlyList<EventEnvelope> history, ReplayRequest request)
    {
        var skip = request.SkipVersions.ToHashSet();
        var inserts = request.Insert.ToLookup(i => i.AfterVersion);
        var state = new OrderState();
        var refused = new List<RefusedEvent>();
        var orderId = history.Count > 0 ? history[0].OrderId : "";

        void Try(IOrderEvent @event, int? version, EventMetadata metadata, bool personalDataErased = false)
        {
            if (OrderRules.Check(state, @event, metadata.OccurredAt) is { } error)
            {
                refused.Add(new RefusedEvent(version, StoredNames.Of(@event), error.Code, error.Message));
                return;
            }
            state.Apply(new EventEnvelope(orderId, state.Version + 1, @event, metadata, personalDataErased));
        }

        var first = history.Count > 0 ? history[0].Metadata : null;
        foreach (var insert in inserts[0])
        {
            Try(insert.Event, null, first!);
        }
        foreach (var envelope in history)
        {
            if (!skip.Contains(envelope.Version))
            {
                Try(envelope.Event, envelope.Version, envelope.Metadata, envelope.PersonalDataErased);
            }
            foreach (var insert in inserts[envelope.Version])
            {
                Try(insert.Event, null, envelope.Metadata);
            }
        }
        return new ReplayResult(state.Exists ? state.ToView() : null, refused, state.Version);
    }
}
