using System.Globalization;

namespace OrderOrleans.Benchmarks;

/// <summary>One measured figure beside its baseline from the same run; <see cref="Met"/> says whether the goal holds.</summary>
public sealed record Figure(string Name, double Value, string Unit, double Baseline, double Ratio, string Goal, bool Met)
{
    public static Figure AtLeast(string name, double value, string unit, double baseline, double goal) =>
        new(name, Math.Round(value, 1), unit, Math.Round(baseline, 1), Math.Round(value / baseline, 4), $"ratio >= {goal.ToString("0.##", CultureInfo.InvariantCulture)}", value / baseline >= goal);

    public static Figure AtMost(string name, double value, string unit, double baseline, double goal) =>
        new(name, Math.Round(value, 3), unit, Math.Round(baseline, 3), Math.Round(value / baseline, 4), $"ratio <= {goal.ToString("0.##", CultureInfo.InvariantCulture)}", value / baseline <= goal);

    public static Figure Absolute(string name, double value, string unit, string goal, bool met) =>
        new(name, Math.Round(value, 1), unit, 0, 0, goal, met);
}
