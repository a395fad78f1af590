using System.Diagnostics;

namespace OrderOrleans.Testing;

/// <summary>Waits for a condition instead of sleeping a fixed time: fast when things are fast, bounded when not.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"The condition did not hold within {limit}; last value: {value}.");
            }
            await Task.Delay(25);
        }
    }
}
