using Microsoft.Extensions.Configuration;

namespace OrderOrleans.ServiceDefaults;

/// <summary>
/// The cluster a host joins when Aspire has not configured one (<c>Orleans:Clustering:*</c> unset): localhost clustering
/// on <c>Orleans:Endpoints:SiloPort</c>/<c>GatewayPort</c>, <c>Orleans:ServiceId</c>, <c>Orleans:ClusterId</c>.
/// The silo and the dashboard read it here, so a lone silo and its dashboard always agree.
/// </summary>
public sealed record LocalCluster(int SiloPort, int GatewayPort, string ServiceId, string ClusterId)
{
    /// <summary>Null when configuration names a clustering provider (Aspire's Azure Table membership).</summary>
    public static LocalCluster? From(IConfiguration configuration) =>
        string.IsNullOrEmpty(configuration["Orleans:Clustering:ProviderType"])
            ? new(configuration.GetValue("Orleans:Endpoints:SiloPort", 11111),
                configuration.GetValue("Orleans:Endpoints:GatewayPort", 30000),
                configuration["Orleans:ServiceId"] ?? "order-orleans",
                configuration["Orleans:ClusterId"] ?? "dev")
            : null;
}
