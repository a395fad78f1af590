namespace OrderOrleans.Grains;

/// <summary>
/// The one retry delay of the service: doubling from <c>first</c> up to <c>max</c>, with equal jitter (at least half
/// the step, the rest random), so grains and silos that failed together do not retry together.
/// </summary>
public static class Backoff
{
    /// <param name="attempt">1 for the first retry.</param>
    public static TimeSpan Delay(TimeSpan first, TimeSpan max, int attempt)
    {
        var step = Math.Min(max.TotalMilliseconds, first.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30)));
        return TimeSpan.FromMilliseconds(step / 2 + Random.Shared.NextDouble() * step / 2);
    }
}
