using System.Text.Json;
using OrderOrleans.Contracts;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>Looking back: an order as it was at a version or a time, and what-if replays of its history.</summary>
public static class OrderHistoryEndpoints
{
    public static IEndpointRouteBuilder MapOrderHistory(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Order history")
            .RequireAuthorization(SecurityHosting.ReadPolicy)
            .RequireRateLimiting(SecurityHosting.PerKeyLimit)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        orders.MapGet("/{orderId}/history", GetHistory).WithName("GetOrderHistory").Produces<OrderView>()
            .WithSummary("The order as it was at ?version=N or ?at=<ISO-8601 time> (the newest snapshot at or below, then the events after).");
        orders.MapPost("/{orderId}/replay", Replay).WithName("ReplayOrder").Produces<ReplayResult>()
            .WithSummary("What-if: fold the history leaving out skipVersions and putting in insert events; reports what the rules would refuse. Writes nothing.");
        return app;
    }

    private static async Task<IResult> GetHistory(string orderId, int? version, DateTimeOffset? at, HttpContext http, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        errors.CheckId(orderId, "orderId");
        if ((version is null) == (at is null))
        {
            errors.Add("version", "Give exactly one of version and at.");
        }
        if (errors.Any)
        {
            return ApiProblems.Validation(errors.ToDictionary());
        }
        var result = await grains.Order(orderId).GetHistory(version, at);
        return result.Value is { } order ? TypedResults.Ok(order) : ApiProblems.From(result.Error!, orderId, http);
    }

    /// <summary>Events a what-if replay may put in: with the log's own bound, a replay folds at most this many more.</summary>
    private const int MaxInserts = 100;

    private static async Task<IResult> Replay(string orderId, ReplayBody? body, HttpContext http, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        errors.CheckId(orderId, "orderId");
        var inserts = new List<InsertedEvent>();
        if (body?.Insert?.Count > MaxInserts)
        {
            errors.Add("insert", $"A replay puts in at most {MaxInserts} events.");
        }
        for (var i = 0; i < (body?.Insert?.Count ?? 0); i++)
        {
            if (body!.Insert![i] is not { } insert)
            {
                errors.Add($"insert[{i}]", $"insert[{i}] must be an object with afterVersion, type and data.");
                continue;
            }
            var type = errors.Required(insert.Type, $"insert[{i}].type");
            var after = errors.Required(insert.AfterVersion, $"insert[{i}].afterVersion");
            if (type is null || insert.Data is not { ValueKind: JsonValueKind.Object } data)
            {
                errors.Add($"insert[{i}].data", "data must be the event's JSON object.");
                continue;
            }
            try
            {
                inserts.Add(new InsertedEvent(after, EventSerializer.FromCurrentJson(orderId, type, data.GetRawText())));
            }
            catch (UnreadableEventException ex)
            {
                errors.Add($"insert[{i}]", ex.Message);
            }
        }
        if (errors.Any)
        {
            return ApiProblems.Validation(errors.ToDictionary());
        }
        var result = await grains.Order(orderId).Replay(new ReplayRequest(body?.SkipVersions ?? [], inserts));
        return result.Value is { } replay ? TypedResults.Ok(replay) : ApiProblems.From(result.Error!, orderId, http);
    }
}

/// <summary><c>POST /api/orders/{id}/replay</c>: versions to leave out, events to put in after a version (0: first).</summary>
public sealed record ReplayBody(IReadOnlyList<int>? SkipVersions, IReadOnlyList<InsertBody>? Insert);

public sealed record InsertBody(int? AfterVersion, string? Type, JsonElement? Data);
