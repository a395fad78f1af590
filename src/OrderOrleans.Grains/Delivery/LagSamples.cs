namespace OrderOrleans.Grains.Delivery;

/// <summary>The most recent append-to-store times (a ring), for p50 and p99. Not thread-safe: the publisher locks around it.</summary>
internal sealed class LagSamples
{
    private const int Size = 1024;
    private readonly double[] _samples = new double[Size];
    private long _recorded;

    public void Add(double ms) => _samples[_recorded++ % Size] = ms;

    public (double? P50, double? P99) Percentiles()
    {
        var count = (int)Math.Min(_recorded, Size);
        if (count == 0)
        {
            return (null, null);
        }
        var sorted = _samples[..count];
        Array.Sort(sorted);
        return (Nearest(sorted, 0.50), Nearest(sorted, 0.99));
    }

    private static double Nearest(double[] sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Length) - 1];
}
