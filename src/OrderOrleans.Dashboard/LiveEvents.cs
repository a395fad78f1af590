using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Dashboard;

/// <summary>
/// One circuit's view of the live feed (the same source as the API's Server-Sent Events): every event the projections
/// apply, on any silo, through the dashboard's shared <see cref="DashboardFeed"/>. Scoped, so it ends with the circuit.
/// </summary>
public sealed partial class LiveEvents(DashboardFeed feed, ILogger<LiveEvents> logger) : IDisposable
{
    private bool _joined;

    /// <summary>Raised on a thread of the Orleans client: handlers marshal to their component with InvokeAsync.</summary>
    public event Func<FeedEvent, Task>? Received;

    public Task StartAsync()
    {
        if (_joined)
        {
            return Task.CompletedTask;
        }
        _joined = true;
        return feed.Join(this);
    }

    /// <summary>Hands the event to this circuit's pages without waiting for them, so other circuits are not held up.</summary>
    internal void Deliver(FeedEvent item)
    {
        if (Received is not { } handlers)
        {
            return;
        }
        foreach (var handler in handlers.GetInvocationList().Cast<Func<FeedEvent, Task>>())
        {
            _ = Handle(handler, item);
        }
    }

    public void Dispose()
    {
        if (_joined)
        {
            feed.Leave(this);
        }
    }

    private async Task Handle(Func<FeedEvent, Task> handler, FeedEvent item)
    {
        try
        {
            await handler(item);
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, item.Envelope.OrderId, item.Envelope.Version);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A page failed to show live event {OrderId} v{Version}")]
    private partial void LogHandlerFailed(Exception ex, string orderId, int version);
}
