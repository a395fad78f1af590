using GraphQL;
using GraphQL.Types;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Endpoints;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>Live updates over WebSocket (graphql-transport-ws), fed by the same live feed as the SSE endpoint.</summary>
public sealed class OrderSubscription : ObjectGraphType
{
    public OrderSubscription()
    {
        Name = "Subscription";
        Field<NonNullGraphType<FeedEventType>>("orderEvents")
            .Description("Each event as the projections apply it, for one order or customer (every order when neither is given).")
            .Argument<IdGraphType>("orderId")
            .Argument<IdGraphType>("customerId")
            .ResolveStreamAsync(async c =>
            {
                GraphErrors.Require(c, ApiScopes.Read);
                var (orderId, customerId) = (c.GetArgument<string?>("orderId"), c.GetArgument<string?>("customerId"));
                var errors = new RequestErrors();
                errors.CheckId(orderId, "orderId");
                errors.CheckId(customerId, "customerId");
                GraphErrors.ThrowIfAny(errors);
                // The same cap as the SSE streams', shared with them: each holds a feed subscription and its buffer.
                var (slots, caller) = (c.RequestServices!.GetRequiredService<FeedStreamSlots>(), ((GraphContext)c.UserContext).Caller);
                if (!slots.TryTake(caller))
                {
                    throw new ExecutionError($"This API key holds {slots.PerCaller} live-feed streams open on this server already; complete one first.")
                        { Code = ErrorCodes.FeedTooManyStreams };
                }
                try
                {
                    var feed = await LiveFeed.OpenAsync(OrderQuery.Grains(c));
                    return new FeedObservable(feed, orderId, customerId, () => slots.Release(caller));
                }
                catch
                {
                    slots.Release(caller);
                    throw;
                }
            });
    }
}

public sealed class FeedEventType : ObjectGraphType<FeedEventResponse>
{
    public FeedEventType()
    {
        Name = "FeedEvent";
        Description = "An event on the live feed: the audit-trail shape plus its order and customer.";
        Field(x => x.OrderId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.CustomerId);
        Field(x => x.Version);
        Field(x => x.Type);
        Field<NonNullGraphType<StringGraphType>>("data").Description("The event's fields as a JSON string.").Resolve(c => c.Source.Data.GetRawText());
        Field(x => x.OccurredAt);
        Field(x => x.UserId);
        Field(x => x.CommandId);
        Field(x => x.CorrelationId);
        Field(x => x.CausationId);
    }
}

/// <summary>A feed read as GraphQL.NET's stream: subscribing starts reading, disposing stops it and closes the feed.</summary>
public sealed class FeedObservable(LiveFeed feed, string? orderId, string? customerId, Action released) : IObservable<FeedEventResponse>
{
    public IDisposable Subscribe(IObserver<FeedEventResponse> observer)
    {
        var stop = new CancellationTokenSource();
        var pump = Pump(observer, stop.Token);
        return new Subscription(stop, pump, feed, released);
    }

    private async Task Pump(IObserver<FeedEventResponse> observer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in feed.ReadAsync(orderId, customerId, cancellationToken))
            {
                observer.OnNext(FeedEventResponse.From(item));
            }
            observer.OnCompleted();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            observer.OnError(ex);
        }
    }

    private sealed class Subscription(CancellationTokenSource stop, Task pump, LiveFeed feed, Action released) : IDisposable
    {
        public void Dispose()
        {
            stop.Cancel();
            released();
            // Closing the feed talks to its grain: let it finish in the background, the client has gone.
            _ = pump.ContinueWith(async _ =>
            {
                await feed.DisposeAsync();
                stop.Dispose();
            }, TaskScheduler.Default);
        }
    }
}
