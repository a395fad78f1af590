using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections.Tallies;

/// <summary>
/// What a tally projection keeps of an order at the version it applied (its checkpoint for the order): the summary and
/// the lines, enough to take the order's contribution back when it changes.
/// </summary>
public sealed record OrderFacts(OrderSummary Summary, IReadOnlyList<FactLine> Lines)
{
    public int Version => Summary.Version;

    public static OrderFacts Of(OrderChange change) =>
        new(change.Summary, [.. change.Lines.Select(l => new FactLine(l.ProductId, l.Name, l.Quantity, l.LineTotal))]);
}

public sealed record FactLine(string ProductId, string? Name, int Quantity, decimal LineTotal);

/// <summary>Figures that are sums over orders: an order's contribution can be added and taken away again.</summary>
public interface ITally<TSelf> where TSelf : ITally<TSelf>
{
    /// <summary>Adds (<paramref name="sign"/> 1) or takes away (-1) a contribution.</summary>
    void Add(TSelf contribution, int sign);

    TSelf Copy();

    /// <summary>True when every count and sum is zero (what a key no order contributes to should hold).</summary>
    bool IsZero { get; }
}
