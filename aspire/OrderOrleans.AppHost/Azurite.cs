using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrderOrleans.ServiceDefaults;

namespace OrderOrleans.AppHost;

/// <summary>
/// Azurite (the Azure Storage emulator) from the repository's node_modules, on ports Aspire allocates, with readiness
/// checks, and the <c>storage</c> connection string built from its endpoints. Its Table and Queue services run as two
/// executables (there is no Blob service; nothing uses it): Azurite's queue calls slow down as its queues fill, and in
/// one node process a busy queue service would slow every table call (the event log's appends) down with it.
/// </summary>
internal static class Azurite
{
    /// <param name="persist">
    /// Keep the data in the repository's <c>.azurite/</c> across runs. Off by default: Azurite then saves its whole table
    /// database to disk every five seconds, which under sustained load costs more CPU the more orders there are (measured:
    /// 16 clients fell from 35 to 15 orders/s over ten minutes). Without it tables live in memory and the queues in a
    /// fresh temporary folder, so a run starts empty and stays as fast as it began.
    /// </param>
    public static (IResourceBuilder<ExecutableResource> Tables, IResourceBuilder<ExecutableResource> Queues, IResourceBuilder<ConnectionStringResource> Storage) AddAzurite(
        this IDistributedApplicationBuilder builder, string repositoryRoot, bool persist)
    {
        EnsureInstalled(repositoryRoot);
        string[] persistence = persist ? ["--location", ".azurite"] : ["--inMemoryPersistence"];
        var tables = Service(builder, repositoryRoot, "azurite-tables", "table", [.. persistence]);
        // Queues always on disk: in memory Azurite keeps one extent per message and its minute GC deletes them with a
        // full index re-sort each, which froze its event loop for minutes under load (see the README's Benchmarks).
        var queues = Service(builder, repositoryRoot, "azurite-queues", "queue",
            ["--skipApiVersionCheck", "--location", persist ? ".azurite" : Path.Combine(Path.GetTempPath(), $"order-orleans-queues-{Guid.NewGuid():N}")]);
        var table = tables.GetEndpoint("table");
        var queue = queues.GetEndpoint("queue");
        var storage = builder.AddConnectionString("storage", ReferenceExpression.Create(
                $"DefaultEndpointsProtocol=http;AccountName={AzuriteAccount.Name};AccountKey={AzuriteAccount.Key};QueueEndpoint={queue}/{AzuriteAccount.Name};TableEndpoint={table}/{AzuriteAccount.Name};"))
            .WithOrleansProviderType("AzureTableStorage");
        return (tables, queues, storage);
    }

    /// <summary>One Azurite service (<c>table</c> or <c>queue</c>) as its own node process, ready once its port answers.</summary>
    private static IResourceBuilder<ExecutableResource> Service(
        IDistributedApplicationBuilder builder, string repositoryRoot, string name, string service, string[] arguments)
    {
        var resource = builder.AddExecutable(name, "node", repositoryRoot, [.. AzuriteAccount.NodeFlags, $"node_modules/azurite/dist/src/{service}/main.js",
                .. arguments, "--disableTelemetry", "--silent", $"--{service}Host", "127.0.0.1"])
            .WithEndpoint(name: service, scheme: "http", isProxied: false);
        var endpoint = resource.GetEndpoint(service);
        resource.WithArgs(context =>
        {
            context.Args.Add($"--{service}Port");
            context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
        });
        // "Running" only means the process started; dependants wait until the port answers.
        builder.Services.AddHealthChecks().AddAsyncCheck($"{name}-ready", async cancellationToken =>
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", endpoint.Port, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (SocketException ex)
            {
                return HealthCheckResult.Unhealthy($"Azurite's {service} port does not answer yet.", ex);
            }
        });
        return resource.WithHealthCheck($"{name}-ready");
    }

    /// <summary>Installs Azurite from the lock file when it is missing, before the app model starts.</summary>
    private static void EnsureInstalled(string repositoryRoot)
    {
        if (File.Exists(Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js")))
        {
            return;
        }
        Console.WriteLine("Installing Azurite (npm ci)...");
        using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error") { WorkingDirectory = repositoryRoot })
            ?? throw new InvalidOperationException("Could not start npm; is Node.js installed?");
        npm.WaitForExit();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed with exit code {npm.ExitCode}.");
        }
    }
}
