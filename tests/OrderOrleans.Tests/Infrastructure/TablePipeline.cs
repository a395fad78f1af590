using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace OrderOrleans.Tests.Infrastructure;

/// <summary>A silo whose table calls pass through a test's pipeline policy (to record them, or hold them back).</summary>
public static class TablePipeline
{
    public static Action<IServiceCollection> With(string connectionString, HttpPipelinePolicy policy)
    {
        var options = new TableClientOptions();
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        return services => services.AddSingleton(new TableServiceClient(connectionString, options));
    }
}
