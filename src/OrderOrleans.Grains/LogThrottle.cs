using System.Diagnostics;

namespace OrderOrleans.Grains;

/// <summary>
/// Keeps a failure that repeats to one log line per interval: the first occurrence is logged at once, later ones are
/// counted and reported with the next line. Shared by every grain of a kind, so a thousand orders failing log as one.
/// </summary>
public sealed class LogThrottle(TimeSpan interval)
{
    private readonly Lock _lock = new();
    private long _nextAt;
    private long _count;

    /// <summary>Counts an occurrence; true when it should be logged, with how many occurred since the last line (itself included).</summary>
    public bool ShouldLog(out long count)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            _count++;
            if (now < _nextAt)
            {
                count = 0;
                return false;
            }
            _nextAt = now + (long)(interval.TotalSeconds * Stopwatch.Frequency);
            count = _count;
            _count = 0;
            return true;
        }
    }
}
