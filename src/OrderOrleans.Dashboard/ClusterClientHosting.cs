using OrderOrleans.ServiceDefaults;
using OrderOrleans.Storage;

namespace OrderOrleans.Dashboard;

/// <summary>
/// The dashboard is an Orleans client of the same cluster: with Aspire, Azure Table membership from
/// <c>Orleans:Clustering:*</c> and the storage account (<see cref="StorageAccount"/>); on its own, localhost clustering through
/// the gateway on <c>Orleans:Endpoints:GatewayPort</c> (30000 by default, as a lone silo listens).
/// </summary>
public static class ClusterClientHosting
{
    public static WebApplicationBuilder AddOrderOrleansClient(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (StorageAccount.IsConfigured(configuration))
        {
            var storage = StorageAccount.FromConfiguration(configuration, builder.Environment.IsDevelopment());
            builder.Services.AddKeyedSingleton(StorageAccount.Name, (_, _) => storage.Tables());
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
