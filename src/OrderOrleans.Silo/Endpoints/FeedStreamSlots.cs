using System.Collections.Concurrent;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>
/// How many live-feed streams each caller holds open on this silo, capped (<c>RateLimit:FeedStreamsPerKey</c>, 10): the
/// rate limit bounds how fast streams open, this bounds how many stay open, each holding a subscription and a buffer.
/// </summary>
public sealed class FeedStreamSlots(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    public int PerCaller { get; } = configuration.GetValue("RateLimit:FeedStreamsPerKey", 10);

    /// <summary>Takes a slot for <paramref name="caller"/>; false when it holds <see cref="PerCaller"/> already.</summary>
    public bool TryTake(string caller)
    {
        while (true)
        {
            var open = _open.GetOrAdd(caller, 0);
            if (open >= PerCaller)
            {
                return false;
            }
            if (_open.TryUpdate(caller, open + 1, open))
            {
                return true;
            }
        }
    }

    public void Release(string caller) => _open.AddOrUpdate(caller, 0, (_, open) => Math.Max(0, open - 1));
}
