using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Projections;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>
/// Read your own writes: a command's answer carries a <c>Consistency-Token</c> naming the order and the version it
/// produced; a read-model query sent with it waits, bounded by <see cref="ProjectionOptions.ConsistencyWait"/>, until
/// each view it reads holds that version of the order (its checkpoint for the order), or answers 503
/// <c>projection.behind</c>. The token is opaque to clients: <c>{version}.{order id in base64url}</c>.
/// </summary>
public static class ConsistencyTokens
{
    public const string Header = "Consistency-Token";

    private static readonly TimeSpan s_firstPoll = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan s_maxPoll = TimeSpan.FromMilliseconds(100);

    public static string Of(OrderView order) =>
        string.Create(CultureInfo.InvariantCulture, $"{order.Version}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(order.OrderId))}");

    public static bool TryParse(string? token, out string orderId, out int version)
    {
        (orderId, version) = ("", 0);
        if (token?.Split('.') is not [var number, var id] || !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out version) || version < 1)
        {
            return false;
        }
        try
        {
            orderId = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(id));
        }
        catch (FormatException)
        {
            return false;
        }
        return OrderKeys.IsValid(orderId);
    }

    /// <summary>A filter for a route that reads <paramref name="projections"/>: waits for the request's token, if it has one.</summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Filter(params string[] projections) =>
        async (context, next) =>
        {
            var http = context.HttpContext;
            if (!http.Request.Headers.TryGetValue(Header, out var token))
            {
                return await next(context);
            }
            return await WaitAsync(http, token.ToString(), projections) switch
            {
                Wait.Invalid => ApiProblems.Validation(new Dictionary<string, string[]> { [Header] = [InvalidMessage] }),
                Wait.Behind => Behind(http),
                _ => await next(context),
            };
        };

    public const string InvalidMessage = $"{Header} must be a token from a command's answer.";

    public enum Wait
    {
        Held,
        Invalid,
        Behind,
    }

    /// <summary>Waits until every one of <paramref name="projections"/> holds the token's change, within the bound.</summary>
    public static async Task<Wait> WaitAsync(HttpContext http, string token, IReadOnlyList<string> projections)
    {
        if (!TryParse(token, out var orderId, out var version))
        {
            return Wait.Invalid;
        }
        var options = http.RequestServices.GetRequiredService<IOptions<ProjectionOptions>>().Value;
        var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        var shard = ShardMap.ShardOf(orderId, options.Shards);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        bound.CancelAfter(options.ConsistencyWait);
        var poll = s_firstPoll;
        var waiting = projections.ToList();
        try
        {
            while (true)
            {
                // A shard answers once its store in progress is done, which a held-back view can make long: bounded too.
                var held = await Task.WhenAll(waiting.Select(p => ProjectionShards.Of(grains, p, shard).GetVersion(orderId))).WaitAsync(bound.Token);
                waiting = [.. waiting.Where((_, i) => held[i] < version)];
                if (waiting.Count == 0)
                {
                    return Wait.Held;
                }
                await Task.Delay(poll, time, bound.Token);
                poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, s_maxPoll.Ticks));
            }
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            return Wait.Behind;
        }
    }

    public static string BehindMessage(HttpContext http) =>
        $"The views this query reads did not hold the token's change within {http.RequestServices.GetRequiredService<IOptions<ProjectionOptions>>().Value.ConsistencyWait.TotalSeconds:0.#} s; retry shortly.";

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Behind(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem(BehindMessage(http), statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The read models are behind", extensions: ApiProblems.Code(ErrorCodes.ProjectionBehind));
    }
}
