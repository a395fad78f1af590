extern alias dashboard;
using dashboard::OrderOrleans.Dashboard;
using Microsoft.Extensions.Time.Testing;

namespace OrderOrleans.Dashboard.Tests.Components;

public class ReloadThrottleTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new();
    private int _reloads;

    private ReloadThrottle Throttle()
    {
        var throttle = new ReloadThrottle(s_interval, _time);
        throttle.Reloaded();
        return throttle;
    }

    private Task Reload()
    {
        _reloads++;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_event_after_the_interval_reloads_at_once()
    {
        var throttle = Throttle();
        _time.Advance(s_interval);

        await throttle.Request(Reload);

        _reloads.ShouldBe(1);
    }

    [Fact]
    public async Task Events_inside_the_interval_become_one_reload_when_it_ends_so_the_last_change_shows()
    {
        var throttle = Throttle();
        _time.Advance(TimeSpan.FromMilliseconds(400));

        var trailing = throttle.Request(Reload);
        await throttle.Request(Reload);
        await throttle.Request(Reload);
        _reloads.ShouldBe(0);

        _time.Advance(TimeSpan.FromMilliseconds(599));
        _reloads.ShouldBe(0);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await trailing;
        _reloads.ShouldBe(1);
    }

    [Fact]
    public async Task A_reload_starts_the_next_interval()
    {
        var throttle = Throttle();
        _time.Advance(s_interval);
        await throttle.Request(() =>
        {
            throttle.Reloaded();
            return Reload();
        });

        var next = throttle.Request(Reload);
        _reloads.ShouldBe(1);
        _time.Advance(s_interval);
        await next;

        _reloads.ShouldBe(2);
    }
}
