using System.Collections.Immutable;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Contracts;

namespace OrderOrleans.Dashboard;

/// <summary>
/// The dashboard process's one subscription to the cluster's live feed, shared by every circuit: the silo sends each
/// event once per dashboard, not once per open page, and a slow page cannot hold up the others. Subscribes when the
/// first page joins and renews before the subscription lapses (a minute), retrying after a failed renewal.
/// </summary>
public sealed partial class DashboardFeed(IGrainFactory grains, ILogger<DashboardFeed> logger) : IEventFeedObserver, IAsyncDisposable
{
    private static readonly TimeSpan s_renewEvery = TimeSpan.FromSeconds(30);
    private readonly Lock _gate = new();
    private readonly PeriodicTimer _renewal = new(s_renewEvery);
    private ImmutableArray<LiveEvents> _listeners = [];
    private IEventFeedObserver? _reference;
    private Task? _subscribed;
    private Task? _renewing;

    /// <summary>Starts delivering to <paramref name="listener"/>; completes once the cluster has the subscription.</summary>
    public Task Join(LiveEvents listener)
    {
        lock (_gate)
        {
            _listeners = _listeners.Add(listener);
            _reference ??= grains.CreateObjectReference<IEventFeedObserver>(this);
            _renewing ??= Renew(_reference);
            if (_subscribed is null || (_subscribed.IsCompleted && !_subscribed.IsCompletedSuccessfully))
            {
                _subscribed = Feed.Subscribe(_reference);
            }
            return _subscribed;
        }
    }

    public void Leave(LiveEvents listener)
    {
        lock (_gate)
        {
            _listeners = _listeners.Remove(listener);
        }
    }

    public Task OnEvent(FeedEvent item)
    {
        foreach (var listener in _listeners)
        {
            listener.Deliver(item);
        }
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _renewal.Dispose();
        if (_reference is null)
        {
            return;
        }
        await _renewing!;
        try
        {
            await Feed.Unsubscribe(_reference);
            grains.DeleteObjectReference<IEventFeedObserver>(_reference);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            // Best effort while the dashboard stops (the cluster client may be gone): the subscription lapses within a minute.
        }
    }

    private IEventFeedGrain Feed => grains.Grain<IEventFeedGrain>(0);

    private async Task Renew(IEventFeedObserver reference)
    {
        while (await _renewal.WaitForNextTickAsync())
        {
            try
            {
                await Feed.Subscribe(reference);
            }
            catch (Exception ex) when (ClusterFailures.IsTransient(ex))
            {
                LogRenewalFailed(ex, s_renewEvery);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the live feed subscription failed; retrying in {RetryIn}")]
    private partial void LogRenewalFailed(Exception ex, TimeSpan retryIn);
}
