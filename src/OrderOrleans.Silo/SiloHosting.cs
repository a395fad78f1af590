using Orleans.Dashboard;
using OrderOrleans.Grains;
using OrderOrleans.Grains.PersonalData;
using OrderOrleans.ServiceDefaults;
using OrderOrleans.Silo.Security;
using OrderOrleans.Storage;

namespace OrderOrleans.Silo;

/// <summary>
/// The configuration contract of a silo host: <c>ConnectionStrings:storage</c>, or <c>Storage:TableServiceUri</c> and
/// <c>Storage:QueueServiceUri</c> with DefaultAzureCredential, name the storage account (<see cref="StorageAccount"/>);
/// <c>Orleans:*</c> (filled in by Aspire) chooses clustering, else localhost clustering on
/// <c>Orleans:Endpoints:SiloPort</c>/<c>GatewayPort</c>; <c>OrderOrleans:*</c> tunes the service.
/// </summary>
public static class SiloHosting
{
    public static WebApplicationBuilder AddOrderOrleansSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var storage = StorageAccount.FromConfiguration(configuration, builder.Environment.IsDevelopment());
        var options = StorageProfiles.Defaults(StorageProfiles.Of(configuration, storage.IsEmulator));
        configuration.GetSection(OrderOrleansOptions.Section).Bind(options);
        options.PersonalData = PersonalDataKey(configuration, builder.Environment);

        // Orleans' configuration-based providers (Aspire sets Orleans:Clustering:ServiceKey=storage) resolve this keyed client.
        builder.Services.AddKeyedSingleton(StorageAccount.Name, (_, _) => storage.Tables());
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

    /// <summary>The key-encryption key: configured, or the public development default in Development and Testing only.</summary>
    private static PersonalDataOptions PersonalDataKey(ConfigurationManager configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(PersonalDataOptions.Section).Get<PersonalDataOptions>() ?? new PersonalDataOptions();
        if (options.KeyEncryptionKey == PersonalDataOptions.DevelopmentKey && !environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
        {
            throw new InvalidOperationException(
                $"{PersonalDataOptions.Section}:KeyEncryptionKey is not set: outside Development it must be a key of your own (32 bytes, base64), from a vault.");
        }
        return options;
    }
}
