using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Dashboard;

/// <summary>
/// One circuit's subscription to the cluster's live feed (the same source as the API's Server-Sent Events): every
/// event the projections apply, on any silo. Scoped, so it ends with the circuit; renews itself before it lapses.
/// </summary>
public sealed class LiveEvents(IGrainFactory grains) : IEventFeedObserver, IAsyncDisposable
{
    private static readonly TimeSpan s_renewEvery = TimeSpan.FromSeconds(30);
    private IEventFeedObserver? _reference;
    private PeriodicTimer? _renewal;
    private Task? _renewing;

    /// <summary>Raised on a thread of the Orleans client: handlers marshal to their component with InvokeAsync.</summary>
    public event Func<FeedEvent, Task>? Received;

    public async Task StartAsync()
    {
        if (_reference is not null)
        {
            return;
        }
        _reference = grains.CreateObjectReference<IEventFeedObserver>(this);
        await Feed.Subscribe(_reference);
        _renewal = new PeriodicTimer(s_renewEvery);
        _renewing = Renew(_renewal, _reference);
    }

    public async Task OnEvent(FeedEvent item)
    {
        if (Received is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<FeedEvent, Task>>())
            {
                await handler(item);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_reference is null)
        {
            return;
        }
        _renewal!.Dispose();
        await _renewing!;
        try
        {
            await Feed.Unsubscribe(_reference);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The subscription lapses on its own within a minute.
        }
        grains.DeleteObjectReference<IEventFeedObserver>(_reference);
    }

    private IEventFeedGrain Feed => grains.GetGrain<IEventFeedGrain>(0);

    private async Task Renew(PeriodicTimer timer, IEventFeedObserver reference)
    {
        while (await timer.WaitForNextTickAsync())
        {
            await Feed.Subscribe(reference);
        }
    }
}
