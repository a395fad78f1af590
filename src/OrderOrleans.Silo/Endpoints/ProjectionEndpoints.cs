using Microsoft.AspNetCore.Http.HttpResults;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.Projections;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>Operating the projections: status and lag, rebuilds, dead letters.</summary>
public static class ProjectionEndpoints
{
    private static readonly string[] s_names = [ProjectionNames.OrderList];

    public static IEndpointRouteBuilder MapProjections(this IEndpointRouteBuilder app)
    {
        var projections = app.MapGroup("/api/projections").WithTags("Projections").ProducesProblem(StatusCodes.Status404NotFound);
        projections.MapGet("/", List).WithName("ListProjections").Produces<ProjectionResponse[]>()
            .WithSummary("Every projection: state (Live, Rebuilding, Degraded), checkpoint, lag, rebuild progress, dead letters.");
        projections.MapGet("/{name}", Get).WithName("GetProjection").Produces<ProjectionResponse>();
        projections.MapPost("/{name}/rebuild", Rebuild).WithName("RebuildProjection").Produces<ProjectionResponse>(StatusCodes.Status202Accepted)
            .WithSummary("Rebuild from the event log into a new generation; the current one answers until the switch.");
        projections.MapGet("/{name}/dead-letters", DeadLetters).WithName("ListDeadLetters").Produces<DeadLetter[]>();
        projections.MapPost("/{name}/dead-letters/{orderId}/{version:int}/retry", Retry).WithName("RetryDeadLetter")
            .Produces<ProjectionResponse>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Apply a parked event again; on success it leaves the dead letters.");
        return app;
    }

    private static async Task<IResult> List(IGrainFactory grains, ProjectionStats stats) =>
        TypedResults.Ok(await Task.WhenAll(s_names.Select(n => Describe(grains, stats, n))));

    private static async Task<IResult> Get(string name, IGrainFactory grains, ProjectionStats stats) =>
        s_names.Contains(name) ? TypedResults.Ok(await Describe(grains, stats, name)) : Unknown(name);

    private static async Task<IResult> Rebuild(string name, IGrainFactory grains, ProjectionStats stats)
    {
        if (!s_names.Contains(name))
        {
            return Unknown(name);
        }
        var info = await grains.GetGrain<IOrderListProjectionGrain>(name).StartRebuild();
        return TypedResults.Accepted($"/api/projections/{name}", ProjectionResponse.From(info, stats.Snapshot()));
    }

    private static async Task<IResult> DeadLetters(string name, ProjectionStore store) =>
        s_names.Contains(name) ? TypedResults.Ok(await store.DeadLettersAsync(name)) : Unknown(name);

    private static async Task<IResult> Retry(string name, string orderId, int version, IGrainFactory grains, ProjectionStore store, ProjectionStats stats)
    {
        if (!s_names.Contains(name) || await store.FindDeadLetterAsync(name, orderId, version) is null)
        {
            return TypedResults.Problem($"Projection '{name}' has no dead letter for order '{orderId}' version {version}.",
                statusCode: StatusCodes.Status404NotFound, title: "Dead letter not found", extensions: ApiProblems.Code("dead-letter.not-found"));
        }
        try
        {
            await grains.GetGrain<IOrderProjectionGrain>(orderId).Retry(version);
        }
        catch (Exception ex) when (ex is not Grains.EventLog.EventStoreUnavailableException)
        {
            return TypedResults.Problem($"The event still fails: {ex.Message}", statusCode: StatusCodes.Status409Conflict,
                title: "The retry failed; the dead letter stays", extensions: ApiProblems.Code("dead-letter.retry-failed"));
        }
        return TypedResults.Ok(await Describe(grains, stats, name));
    }

    private static async Task<ProjectionResponse> Describe(IGrainFactory grains, ProjectionStats stats, string name) =>
        ProjectionResponse.From(await grains.GetGrain<IOrderListProjectionGrain>(name).GetInfo(), stats.Snapshot());

    private static ProblemHttpResult Unknown(string name) =>
        TypedResults.Problem($"There is no projection '{name}'; there is {string.Join(", ", s_names)}.",
            statusCode: StatusCodes.Status404NotFound, title: "Projection not found", extensions: ApiProblems.Code("projection.not-found"));
}

/// <summary>A projection's status as the API shows it. Lag and counts are this silo's view.</summary>
public sealed record ProjectionResponse(
    string Name, ProjectionState State, int ActiveGeneration, ProjectionCheckpoint Checkpoint, ProjectionLagResponse Lag,
    int DeadLetters, RebuildProgress? Rebuild)
{
    public static ProjectionResponse From(ProjectionInfo info, ProjectionLag lag)
    {
        var state = info.Rebuild is { CompletedAt: null, Error: null } ? ProjectionState.Rebuilding
            : info.DeadLetters > 0 || info.Rebuild?.Error is not null ? ProjectionState.Degraded
            : ProjectionState.Live;
        return new ProjectionResponse(info.Name, state, info.ActiveGeneration,
            new ProjectionCheckpoint(lag.EventsApplied, lag.LastEventAt),
            new ProjectionLagResponse(lag.EventsBehind, lag.P50Ms, lag.P99Ms), info.DeadLetters, info.Rebuild);
    }
}

public sealed record ProjectionCheckpoint(long EventsApplied, DateTimeOffset? LastEventAt);

public sealed record ProjectionLagResponse(long EventsBehind, double? P50Ms, double? P99Ms);
