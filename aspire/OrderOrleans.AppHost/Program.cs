using Microsoft.Extensions.Configuration;
using OrderOrleans.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// The repository root holds package.json and node_modules (Azurite).
var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
var (azurite, storage) = builder.AddAzurite(root, inMemory: builder.Configuration.GetValue("Azurite:InMemory", false));

// `dotnet run --project aspire/OrderOrleans.AppHost -- --silos 3` changes the number of silos.
var silos = builder.Configuration.GetValue("silos", 2);

var cluster = builder.AddOrleans("cluster")
    .WithClustering(storage)
    .WithReminders(storage);

for (var i = 1; i <= silos; i++)
{
    // One resource per silo, each with its own HTTP endpoint, so every silo's API can be addressed on its own.
    var silo = builder.AddProject<Projects.OrderOrleans_Silo>($"silo{i}", launchProfileName: null)
        .WithHttpEndpoint()
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
        .WithReference(cluster)
        .WithReference(storage)
        .WaitFor(azurite)
        .WithHttpHealthCheck("/health")
        .WithUrlForEndpoint("http", url => url.DisplayText = "API (Scalar)")
        .WithUrl("/scalar", "Scalar UI");
    builder.Eventing.Subscribe<ResourceEndpointsAllocatedEvent>(silo.Resource, (e, _) =>
    {
        var url = silo.GetEndpoint("http").Url;
        Console.WriteLine($"{e.Resource.Name}: API {url}/api/orders, Scalar UI {url}/scalar, Orleans dashboard {url}/orleans");
        return Task.CompletedTask;
    });
}

builder.Build().Run();
