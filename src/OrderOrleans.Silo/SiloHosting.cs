using Orleans.Dashboard;
using OrderOrleans.Grains;
using OrderOrleans.ServiceDefaults;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo;

/// <summary>
/// The configuration contract of a silo host: <c>ConnectionStrings:storage</c> names the storage account;
/// <c>Orleans:*</c> (filled in by Aspire) chooses clustering, else localhost clustering on
/// <c>Orleans:Endpoints:SiloPort</c>/<c>GatewayPort</c>; <c>OrderOrleans:*</c> tunes the service.
/// </summary>
public static class SiloHosting
{
    private const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public static WebApplicationBuilder AddOrderOrleansSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var storage = configuration.GetConnectionString("storage") ??
            (builder.Environment.IsDevelopment()
                ? DevelopmentStorage
                : throw new InvalidOperationException(
                    "ConnectionStrings:storage is not set. Give the silo an Azure Storage connection string " +
                    "(ConnectionStrings__storage), or run it in Development to use Azurite's default local endpoints."));
        var options = configuration.GetSection(OrderOrleansOptions.Section).Get<OrderOrleansOptions>() ?? new OrderOrleansOptions();

        // Orleans' configuration-based providers (Aspire sets Orleans:Clustering:ServiceKey=storage) resolve this keyed client.
        builder.Services.AddKeyedSingleton("storage", (_, _) => StorageClients.Tables(storage));
        builder.UseOrleans(silo =>
        {
            if (LocalCluster.From(configuration) is { } local)
            {
                silo.UseLocalhostClustering(local.SiloPort, local.GatewayPort, serviceId: local.ServiceId, clusterId: local.ClusterId);
            }
            silo.AddOrderOrleans(storage, options);
            if (OrleansDashboardHosting.IsEnabled(configuration, builder.Environment))
            {
                silo.AddDashboard();
            }
            // Grain calls continue the caller's trace, so a command is one trace from its HTTP request or dashboard click to the table write.
            silo.AddActivityPropagation();
        });
        return builder;
    }
}
