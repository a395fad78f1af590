using Microsoft.AspNetCore.Http.HttpResults;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Contracts;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>Operating the projections: status and lag, rebuilds, dead letters.</summary>
public static class ProjectionEndpoints
{
    private static readonly string[] s_names = [.. ProjectionNames.All];

    public static IEndpointRouteBuilder MapProjections(this IEndpointRouteBuilder app)
    {
        var projections = app.MapGroup("/api/projections").WithTags("Projections").ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(SecurityHosting.ReadPolicy).RequireRateLimiting(SecurityHosting.PerKeyLimit)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        projections.MapGet("/", List).WithName("ListProjections").Produces<ProjectionResponse[]>()
            .WithSummary("Every projection: state (Live, Rebuilding, Degraded), checkpoint, lag, rebuild progress, dead letters.");
        projections.MapGet("/{name}", Get).WithName("GetProjection").Produces<ProjectionResponse>()
            .WithSummary("One projection: state, generation, checkpoint, the cluster's lag and its trend, dead letters, rebuild progress.");
        projections.MapPost("/{name}/rebuild", Rebuild).WithName("RebuildProjection").RequireAuthorization(SecurityHosting.AdminPolicy).Produces<ProjectionResponse>(StatusCodes.Status202Accepted)
            .WithSummary("Rebuild from the event log into a new generation; the current one answers until the switch.");
        projections.MapGet("/{name}/dead-letters", DeadLetters).WithName("ListDeadLetters").Produces<DeadLetter[]>()
            .WithSummary("The events this projection parked, with their error and attempts.");
        projections.MapPost("/{name}/dead-letters/{orderId}/{version:int}/retry", Retry).WithName("RetryDeadLetter").RequireAuthorization(SecurityHosting.AdminPolicy)
            .Produces<ProjectionResponse>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Apply a parked event again; on success it leaves the dead letters.");
        app.MapGet("/api/admin/verify", Verify).WithTags("Projections").WithName("VerifyProjections")
            .RequireAuthorization(SecurityHosting.AdminPolicy).RequireRateLimiting(SecurityHosting.PerKeyLimit).Produces<VerificationReport>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Folds the whole event log and lists every order whose projected view differs from it; ?repair=true re-projects those orders.");
        return app;
    }

    private static async Task<VerificationReport> Verify(IGrainFactory grains, bool? repair) =>
        await grains.Grain<IProjectionGrain>(ProjectionNames.OrderList).Verify(repair ?? false);

    private static async Task<IResult> List(IGrainFactory grains) =>
        TypedResults.Ok(await Task.WhenAll(s_names.Select(n => Describe(grains, n))));

    private static async Task<IResult> Get(string name, IGrainFactory grains) =>
        s_names.Contains(name) ? TypedResults.Ok(await Describe(grains, name)) : Unknown(name);

    private static async Task<IResult> Rebuild(string name, IGrainFactory grains)
    {
        if (!s_names.Contains(name))
        {
            return Unknown(name);
        }
        var info = await grains.Grain<IProjectionGrain>(name).StartRebuild();
        return TypedResults.Accepted($"/api/projections/{name}", ProjectionResponse.From(info));
    }

    private static async Task<IResult> DeadLetters(string name, IGrainFactory grains) =>
        s_names.Contains(name) ? TypedResults.Ok(await grains.Grain<IProjectionGrain>(name).GetDeadLetters()) : Unknown(name);

    private static async Task<IResult> Retry(string name, string orderId, int version, IGrainFactory grains)
    {
        if (!s_names.Contains(name))
        {
            return ApiProblems.NotFound(ErrorCodes.DeadLetterNotFound, "Dead letter not found",
                $"Projection '{name}' has no dead letter for order '{orderId}' version {version}.", ("orderId", orderId), ("version", version));
        }
        var answer = await grains.Grain<IProjectionGrain>(name).RetryDeadLetter(orderId, version);
        return answer switch
        {
            { Value: { } info } => TypedResults.Ok(ProjectionResponse.From(info)),
            { Error.Kind: ErrorKind.NotFound } => ApiProblems.NotFound(answer.Error.Code, "Dead letter not found", answer.Error.Message, ("orderId", orderId), ("version", version)),
            _ => TypedResults.Problem(answer.Error!.Message, statusCode: StatusCodes.Status409Conflict,
                title: "The retry failed; the dead letter stays", extensions: ApiProblems.Code(answer.Error.Code)),
        };
    }

    private static async Task<ProjectionResponse> Describe(IGrainFactory grains, string name) =>
        ProjectionResponse.From(await grains.Grain<IProjectionGrain>(name).GetInfo());

    private static ProblemHttpResult Unknown(string name) =>
        ApiProblems.NotFound(ErrorCodes.ProjectionNotFound, "Projection not found", $"There is no projection '{name}'; there is {string.Join(", ", s_names)}.", ("projection", name));
}

/// <summary>
/// A projection's status as the API shows it. The lag is the cluster's (every silo's events not yet in the view, the
/// oldest one's age, recent append-to-view times, a trend); the applied and duplicate counts are the answering silo's.
/// </summary>
public sealed record ProjectionResponse(
    string Name, ProjectionState State, int ActiveGeneration, ProjectionCheckpoint Checkpoint, ProjectionLagResponse Lag,
    int DeadLetters, RebuildProgress? Rebuild)
{
    public static ProjectionResponse From(ProjectionInfo info)
    {
        var lag = info.Lag;
        var state = info.Rebuild is { CompletedAt: null, Error: null } ? ProjectionState.Rebuilding
            : info.DeadLetters > 0 || info.Rebuild?.Error is not null || info.Lagging ? ProjectionState.Degraded
            : ProjectionState.Live;
        return new ProjectionResponse(info.Name, state, info.ActiveGeneration,
            new ProjectionCheckpoint(lag.EventsApplied, lag.LastEventAt),
            new ProjectionLagResponse(lag.EventsBehind, Math.Round(lag.OldestBehindMs), lag.P50Ms, lag.P99Ms, lag.Trend), info.DeadLetters, info.Rebuild);
    }
}

public sealed record ProjectionCheckpoint(long EventsApplied, DateTimeOffset? LastEventAt);

public sealed record ProjectionLagResponse(long EventsBehind, double OldestBehindMs, double? P50Ms, double? P99Ms, IReadOnlyList<LagSample> Trend);
