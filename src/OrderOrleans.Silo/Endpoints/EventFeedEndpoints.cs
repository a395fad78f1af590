using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>The live feed: every event as the projections apply it, as Server-Sent Events, optionally for one order or customer.</summary>
public static class EventFeedEndpoints
{
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
                statusCode: StatusCodes.Status429TooManyRequests, title: "Too many open streams", extensions: ApiProblems.Code(ErrorCodes.FeedTooManyStreams));
        }
        // Released however the request ends, also when it ends before the stream was enumerated.
        http.Response.RegisterForDispose(new SlotRelease(slots, caller));
        // Subscribe before the response starts: once a client sees the headers, no later event is missed.
        var feed = await LiveFeed.OpenAsync(grains);
        http.Response.RegisterForDisposeAsync(feed);
        return TypedResults.ServerSentEvents(Events(feed, orderId, customerId, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> Events(
        LiveFeed feed, string? orderId, string? customerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A first event sends the response headers at once, so a client knows it is subscribed before anything happens.
        yield return new SseItem<object>(new { subscribed = true }, "ready");
        await foreach (var item in feed.ReadAsync(orderId, customerId, cancellationToken))
        {
            yield return new SseItem<object>(FeedEventResponse.From(item), "order-event") { EventId = $"{item.Envelope.OrderId}:{item.Envelope.Version}" };
        }
    }

    private sealed class SlotRelease(FeedStreamSlots slots, string caller) : IDisposable
    {
        public void Dispose() => slots.Release(caller);
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
