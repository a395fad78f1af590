using System.Globalization;
using System.Text.Json.Serialization;

namespace OrderOrleans.Benchmarks;

/// <summary>One measured figure beside its baseline from the same run; <see cref="Met"/> says whether the goal holds.</summary>
public sealed record Figure(string Name, double Value, string Unit, double Baseline, double Ratio, string Goal, bool Met)
{
    public static Figure AtLeast(string name, double value, string unit, double baseline, double goal) =>
        new(name, Round(value), unit, Round(baseline), Math.Round(value / baseline, 4), $"ratio >= {Text(goal)}", value / baseline >= goal);

    public static Figure AtMost(string name, double value, string unit, double baseline, double goal) =>
        new(name, Round(value), unit, Round(baseline), Math.Round(value / baseline, 4), $"ratio <= {Text(goal)}", value / baseline <= goal);

    /// <summary>A goal on the value itself (a latency bound, a rate); the baseline, if any, is context.</summary>
    public static Figure Below(string name, double value, string unit, double baseline, double limit) =>
        new(name, Round(value), unit, Round(baseline), baseline > 0 ? Math.Round(value / baseline, 4) : 0, $"< {Text(limit)} {unit}", value < limit);

    public static Figure Above(string name, double value, string unit, double limit) =>
        new(name, Round(value), unit, 0, 0, $">= {Text(limit)} {unit}", value >= limit);

    /// <summary>A measured bound beside the goals, with no goal of its own (the report shows no verdict and does not count it).</summary>
    public static Figure Context(string name, double value, string unit, double baseline) =>
        new(name, Round(value), unit, Round(baseline), baseline > 0 ? Math.Round(value / baseline, 4) : 0, "", false);

    [JsonIgnore]
    public bool HasGoal => Goal.Length > 0;

    private static double Round(double value) => Math.Round(value, value >= 100 ? 1 : 3);

    private static string Text(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
