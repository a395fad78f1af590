using OrderOrleans.Contracts;
namespace OrderOrleans.Silo.Endpoints;

/// <summary>Which silos form the cluster, as its membership says; the Orleans dashboard is at <c>/orleans</c>.</summary>
public static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapCluster(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cluster", GetCluster).WithTags("Cluster").WithName("GetCluster").Produces<SiloResponse[]>()
            .RequireAuthorization(Security.SecurityHosting.ReadPolicy).RequireRateLimiting(Security.SecurityHosting.PerKeyLimit).ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("The silos in the cluster's membership and their status. Grain and silo statistics: /orleans.");
        return app;
    }

    private static async Task<SiloResponse[]> GetCluster(IGrainFactory grains)
    {
        var hosts = await grains.Grain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        return [.. hosts.Select(h => new SiloResponse(h.SiloName, h.SiloAddress.ToString(), h.Status.ToString(), h.StartTime))];
    }
}

public sealed record SiloResponse(string Name, string Address, string Status, DateTime StartedAt);
