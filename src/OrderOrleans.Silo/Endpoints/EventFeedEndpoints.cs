using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>The live feed: every event as the projections apply it, as Server-Sent Events, optionally for one order or customer.</summary>
public static class EventFeedEndpoints
{
    private static readonly TimeSpan s_renewEvery = TimeSpan.FromSeconds(30);

    public static IEndpointRouteBuilder MapEventFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events/stream", Stream).WithTags("Live feed").WithName("StreamEvents")
            .RequireAuthorization(SecurityHosting.ReadPolicy).RequireRateLimiting(SecurityHosting.PerKeyLimit).ProducesProblem(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Server-Sent Events: 'ready' once subscribed, then one 'order-event' per projected event; filter with orderId or customerId.");
        return app;
    }

    private static async Task<IResult> Stream(
        IGrainFactory grains, FeedStreamSlots slots, HttpContext http, string? orderId, string? customerId, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        errors.CheckId(orderId, "orderId");
        errors.CheckId(customerId, "customerId");
        if (errors.Any)
        {
            return ApiProblems.Validation(errors.ToDictionary());
        }
        var caller = http.User.Identity?.Name ?? "anonymous";
        if (!slots.TryTake(caller))
        {
            http.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                $"This API key holds {slots.PerCaller} live-feed streams open on this server already; close one (or filter one stream by orderId or customerId).",
                statusCode: StatusCodes.Status429TooManyRequests, title: "Too many open streams", extensions: ApiProblems.Code("feed.too-many-streams"));
        }
        // Released however the request ends, also when it ends before the stream was enumerated.
        http.Response.RegisterForDispose(new SlotRelease(slots, caller));
        // Subscribe before the response starts: once a client sees the headers, no later event is missed.
        var observer = new FeedObserver();
        var reference = grains.CreateObjectReference<IEventFeedObserver>(observer);
        var feed = grains.GetGrain<IEventFeedGrain>(0);
        await feed.Subscribe(reference);
        return TypedResults.ServerSentEvents(Events(grains, feed, observer, reference, orderId, customerId, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> Events(
        IGrainFactory grains, IEventFeedGrain feed, FeedObserver observer, IEventFeedObserver reference,
        string? orderId, string? customerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A first event sends the response headers at once, so a client knows it is subscribed before anything happens.
        yield return new SseItem<object>(new { subscribed = true }, "ready");
        using var renewal = new PeriodicTimer(s_renewEvery);
        var renewing = Renew(feed, reference, renewal, cancellationToken);
        try
        {
            await foreach (var item in observer.Items.ReadAllAsync(cancellationToken))
            {
                var envelope = item.Envelope;
                if ((orderId is null || envelope.OrderId == orderId) && (customerId is null || item.CustomerId == customerId))
                {
                    yield return new SseItem<object>(FeedEventResponse.From(item), "order-event")
                    {
                        EventId = $"{envelope.OrderId}:{envelope.Version}",
                    };
                }
            }
        }
        finally
        {
            renewal.Dispose();
            await renewing;
            await feed.Unsubscribe(reference);
            grains.DeleteObjectReference<IEventFeedObserver>(reference);
        }
    }

    private static async Task Renew(IEventFeedGrain feed, IEventFeedObserver reference, PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await feed.Subscribe(reference);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class SlotRelease(FeedStreamSlots slots, string caller) : IDisposable
    {
        public void Dispose() => slots.Release(caller);
    }

    /// <summary>Buffers what the feed grain sends; a slow reader loses the oldest events rather than slowing the feed.</summary>
    private sealed class FeedObserver : IEventFeedObserver
    {
        private readonly Channel<FeedEvent> _items = Channel.CreateBounded<FeedEvent>(
            new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public ChannelReader<FeedEvent> Items => _items.Reader;

        public Task OnEvent(FeedEvent item)
        {
            _items.Writer.TryWrite(item);
            return Task.CompletedTask;
        }
    }
}

/// <summary>An event on the live feed: the audit-trail shape plus the order and customer it belongs to.</summary>
public sealed record FeedEventResponse(
    string OrderId, string CustomerId, int Version, string Type, JsonElement Data, DateTimeOffset OccurredAt,
    string UserId, string CommandId, string CorrelationId, string CausationId)
{
    public static FeedEventResponse From(FeedEvent item)
    {
        var e = item.Envelope;
        var m = e.Metadata;
        var data = JsonDocument.Parse(EventSerializer.Serialize(e.Event).Data).RootElement.Clone();
        return new FeedEventResponse(e.OrderId, item.CustomerId, e.Version, e.Type, data, m.OccurredAt,
            m.UserId, m.CommandId, m.CorrelationId, m.CausationId);
    }
}
