namespace OrderOrleans.Benchmarks;

/// <summary>
/// How long each figure measures. Quick (the default) keeps the whole run under about three minutes; full measures
/// longer for steadier figures. Every loop is bounded by both a count and a time limit.
/// </summary>
public sealed record Profile(string Name, int Scale, TimeSpan RunLimit, TimeSpan LagDuration)
{
    public static Profile Quick { get; } = new("quick", 1, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(6));

    public static Profile Full { get; } = new("full", 4, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(40));

    public static Profile From(string[] args) => args.Contains("--full") ? Full : Quick;
}
