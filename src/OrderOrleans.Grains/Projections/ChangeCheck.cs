using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// What a change must be for the read models to hold it: ids that can key their rows (the order list's index keys and the
/// tallies' partitions are built from them) and events that are the order's own, in order, none past its summary.
/// Every change the write side makes today passes; one that fails comes from events stored before a rule existed or from
/// a bug, and would fail the same way however often it were tried.
/// </summary>
public static class ChangeCheck
{
    /// <summary>Why the read models cannot hold <paramref name="change"/>; null when they can.</summary>
    public static string? Problem(OrderChange change)
    {
        var summary = change.Summary;
        if (!OrderKeys.IsValid(summary.OrderId))
        {
            return $"The order id '{summary.OrderId}' cannot key a read model's rows.";
        }
        if (!OrderKeys.IsValid(summary.CustomerId))
        {
            return $"The customer id '{summary.CustomerId}' of order '{summary.OrderId}' cannot key a read model's rows.";
        }
        var previous = 0;
        foreach (var envelope in change.Events)
        {
            if (envelope.OrderId != summary.OrderId)
            {
                return $"Event {envelope.Version} belongs to order '{envelope.OrderId}', not '{summary.OrderId}'.";
            }
            if (envelope.Version <= previous || envelope.Version > summary.Version)
            {
                return $"Event {envelope.Version} of order '{summary.OrderId}' is out of order (after {previous}, summary at {summary.Version}).";
            }
            previous = envelope.Version;
        }
        return null;
    }
}
