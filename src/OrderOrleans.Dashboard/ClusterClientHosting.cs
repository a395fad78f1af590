using Azure.Data.Tables;

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
            if (string.IsNullOrEmpty(configuration["Orleans:Clustering:ProviderType"]))
            {
                client.UseLocalhostClustering(
                    gatewayPort: configuration.GetValue("Orleans:Endpoints:GatewayPort", 30000),
                    serviceId: configuration["Orleans:ServiceId"] ?? "order-orleans",
                    clusterId: configuration["Orleans:ClusterId"] ?? "dev");
            }
        });
        return builder;
    }
}
