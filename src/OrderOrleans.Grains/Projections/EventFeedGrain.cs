using Microsoft.Extensions.Logging;
using Orleans.Utilities;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// The live feed's hub: projections publish every event they apply (one-way), subscribers anywhere in the cluster
/// (the API's Server-Sent Events, the dashboard) receive them. Subscriptions lapse unless renewed within a minute.
/// </summary>
public sealed class EventFeedGrain(ILogger<EventFeedGrain> logger) : Grain, IEventFeedGrain
{
    private readonly ObserverManager<IEventFeedObserver> _observers = new(TimeSpan.FromMinutes(1), logger);

    public Task Publish(IReadOnlyList<FeedEvent> items)
    {
        foreach (var item in items)
        {
            _observers.Notify(o => o.OnEvent(item));
        }
        return Task.CompletedTask;
    }

    public Task Subscribe(IEventFeedObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IEventFeedObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }
}
