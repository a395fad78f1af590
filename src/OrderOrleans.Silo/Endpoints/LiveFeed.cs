using System.Runtime.CompilerServices;
using System.Threading.Channels;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Contracts;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>
/// One client's subscription to the cluster's live feed (the events as the projections apply them), for the SSE endpoint
/// and GraphQL subscriptions alike: subscribed to the feed grain before the first read, renewed while open, and removed
/// when the client goes. A slow reader loses the oldest events rather than slowing the feed.
/// </summary>
public sealed class LiveFeed : IEventFeedObserver, IAsyncDisposable
{
    private static readonly TimeSpan s_renewEvery = TimeSpan.FromSeconds(30);
    private readonly Channel<FeedEvent> _items = Channel.CreateBounded<FeedEvent>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly IGrainFactory _grains;
    private readonly IEventFeedGrain _feed;
    private readonly IEventFeedObserver _reference;
    private readonly CancellationTokenSource _closed = new();
    private readonly Task _renewing;

    private LiveFeed(IGrainFactory grains)
    {
        _grains = grains;
        _feed = grains.Grain<IEventFeedGrain>(0);
        _reference = grains.CreateObjectReference<IEventFeedObserver>(this);
        _renewing = Renew();
    }

    /// <summary>Subscribed once this returns: no event applied afterwards is missed.</summary>
    public static async Task<LiveFeed> OpenAsync(IGrainFactory grains)
    {
        var feed = new LiveFeed(grains);
        await feed._feed.Subscribe(feed._reference);
        return feed;
    }

    /// <summary>The events of <paramref name="orderId"/> or <paramref name="customerId"/> (all when both are null), as they come.</summary>
    public async IAsyncEnumerable<FeedEvent> ReadAsync(string? orderId, string? customerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in _items.Reader.ReadAllAsync(cancellationToken))
        {
            if ((orderId is null || item.Envelope.OrderId == orderId) && (customerId is null || item.CustomerId == customerId))
            {
                yield return item;
            }
        }
    }

    public Task OnEvent(FeedEvent item)
    {
        _items.Writer.TryWrite(item);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync();
        await _renewing;
        await _feed.Unsubscribe(_reference);
        _grains.DeleteObjectReference<IEventFeedObserver>(_reference);
        _closed.Dispose();
    }

    private async Task Renew()
    {
        using var timer = new PeriodicTimer(s_renewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_closed.Token))
            {
                await _feed.Subscribe(_reference);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
