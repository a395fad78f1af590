using Azure.Data.Tables;
using OrderOrleans.ServiceDefaults;

namespace OrderOrleans.Dashboard;

/// <summary>
/// The dashboard is an Orleans client of the same cluster: with Aspire, Azure Table membership from
/// <c>Orleans:Clustering:*</c> and the <c>storage</c> connection string; on its own, localhost clustering through
/// the gateway on <c>Orleans:Endpoints:GatewayPort</c> (30000 by default, as a lone silo listens).
/// </summary>
public static class ClusterClientHosting
{
    public static WebApplicationBuilder AddOrderOrleansClient(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (configuration.GetConnectionString("storage") is { } storage)
        {
            builder.Services.AddKeyedSingleton("storage", (_, _) => new TableServiceClient(storage));
        }
        builder.UseOrleansClient(client =>
        {
            client.AddActivityPropagation();
            if (LocalCluster.From(configuration) is { } local)
            {
                client.UseLocalhostClustering(local.GatewayPort, local.ServiceId, local.ClusterId);
            }
        });
        return builder;
    }
}
