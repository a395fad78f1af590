namespace OrderOrleans.Dashboard;

/// <summary>
/// A page's reloads on live events: at most one per interval however busy the cluster gets, and an event inside the
/// interval queues one trailing reload, so the last change always shows. Used on the circuit's dispatcher only.
/// </summary>
internal sealed class ReloadThrottle(TimeSpan interval, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private DateTimeOffset _lastReload;
    private bool _queued;

    /// <summary>The page has just loaded its data.</summary>
    public void Reloaded() => _lastReload = _time.GetUtcNow();

    public async Task Request(Func<Task> reload)
    {
        if (_queued)
        {
            return;
        }
        _queued = true;
        var wait = _lastReload + interval - _time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time);
        }
        _queued = false;
        await reload();
    }
}
