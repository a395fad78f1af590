namespace OrderOrleans.Benchmarks.Load;

/// <summary>Latencies in milliseconds, sorted once, read by nearest-rank percentile.</summary>
public sealed class Latencies
{
    private readonly double[] _sorted;

    public Latencies(IEnumerable<double> milliseconds)
    {
        _sorted = [.. milliseconds];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public IReadOnlyList<double> Values => _sorted;

    public double this[double percentile] => _sorted.Length == 0
        ? double.NaN
        : _sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];
}
