using Microsoft.Extensions.Configuration;
using OrderOrleans.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// The repository root holds package.json and node_modules (Azurite).
var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
var (tables, queues, storage) = builder.AddAzurite(root, persist: builder.Configuration.GetValue("Azurite:Persist", false));

// `dotnet run --project aspire/OrderOrleans.AppHost -- --silos 3` changes the number of silos.
var silos = builder.Configuration.GetValue("silos", 2);

var cluster = builder.AddOrleans("cluster")
    .WithClustering(storage)
    .WithReminders(storage);

var siloResources = new List<IResourceBuilder<ProjectResource>>();
for (var i = 1; i <= silos; i++)
{
    // One resource per silo, each with its own HTTP endpoint, so every silo's API can be addressed on its own.
    var silo = builder.AddProject<Projects.OrderOrleans_Silo>($"silo{i}", launchProfileName: null)
        .WithHttpEndpoint()
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
        .WithReference(cluster)
        .WithReference(storage)
        .WaitFor(tables)
        .WaitFor(queues)
        .WithHttpHealthCheck("/health")
        .WithUrlForEndpoint("http", url => url.DisplayText = "API (Scalar)")
        .WithUrl("/scalar", "Scalar UI");
    // The OpenAPI document names the silo's own address, so Scalar's requests go to the silo that served it.
    silo.WithEnvironment("OpenApi__ServerUrl", silo.GetEndpoint("http"));
    siloResources.Add(silo);
    Announce(silo, url => $"API {url}/api/orders, Scalar UI {url}/scalar, Orleans dashboard {url}/orleans");
}

// The product dashboard: an Orleans client of the same cluster, up once the first silo is healthy.
var dashboard = builder.AddProject<Projects.OrderOrleans_Dashboard>("dashboard", launchProfileName: null)
    .WithHttpEndpoint()
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
    .WithReference(cluster.AsClient())
    .WithReference(storage)
    .WithEnvironment("OrleansDashboardUrl", ReferenceExpression.Create($"{siloResources[0].GetEndpoint("http")}/orleans"))
    .WithEnvironment("GraphQLExplorerUrl", ReferenceExpression.Create($"{siloResources[0].GetEndpoint("http")}/graphql/ui"))
    .WaitFor(siloResources[0])
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", url => url.DisplayText = "OrderOrleans dashboard");
Announce(dashboard, url => $"product dashboard {url}/");

builder.Build().Run();

void Announce(IResourceBuilder<ProjectResource> resource, Func<string, string> describe) =>
    builder.Eventing.Subscribe<ResourceEndpointsAllocatedEvent>(resource.Resource, (e, _) =>
    {
        Console.WriteLine($"{e.Resource.Name}: {describe(resource.GetEndpoint("http").Url)}");
        return Task.CompletedTask;
    });
