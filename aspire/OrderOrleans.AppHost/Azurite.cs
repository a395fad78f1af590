using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrderOrleans.AppHost;

/// <summary>
/// Azurite (the Azure Storage emulator) as an executable resource from the repository's node_modules, on ports Aspire
/// allocates, with a readiness check, and the <c>storage</c> connection string built from its endpoints.
/// </summary>
internal static class Azurite
{
    /// <summary>Azurite's public, documented development account key (not a secret).</summary>
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <param name="inMemory">Keep no data (tests); otherwise data lives in the repository's <c>.azurite/</c> across runs.</param>
    public static (IResourceBuilder<ExecutableResource> Emulator, IResourceBuilder<ConnectionStringResource> Storage) AddAzurite(
        this IDistributedApplicationBuilder builder, string repositoryRoot, bool inMemory)
    {
        EnsureInstalled(repositoryRoot);
        string[] persistence = inMemory ? ["--inMemoryPersistence"] : ["--location", ".azurite"];
        var azurite = builder.AddExecutable("azurite", "node", repositoryRoot, ["node_modules/azurite/dist/src/azurite.js",
                .. persistence, "--skipApiVersionCheck", "--disableTelemetry", "--silent",
                "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1"])
            .WithEndpoint(name: "blob", scheme: "http", isProxied: false)
            .WithEndpoint(name: "queue", scheme: "http", isProxied: false)
            .WithEndpoint(name: "table", scheme: "http", isProxied: false);
        var blob = azurite.GetEndpoint("blob");
        var queue = azurite.GetEndpoint("queue");
        var table = azurite.GetEndpoint("table");
        azurite.WithArgs(context =>
        {
            context.Args.Add("--blobPort");
            context.Args.Add(blob.Property(EndpointProperty.TargetPort));
            context.Args.Add("--queuePort");
            context.Args.Add(queue.Property(EndpointProperty.TargetPort));
            context.Args.Add("--tablePort");
            context.Args.Add(table.Property(EndpointProperty.TargetPort));
        });

        // "Running" only means the process started; dependants wait until the table port answers.
        builder.Services.AddHealthChecks().AddAsyncCheck("azurite-ready", async cancellationToken =>
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", table.Port, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (SocketException ex)
            {
                return HealthCheckResult.Unhealthy("Azurite's table port does not answer yet.", ex);
            }
        });
        azurite.WithHealthCheck("azurite-ready");

        var storage = builder.AddConnectionString("storage", ReferenceExpression.Create(
                $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};BlobEndpoint={blob}/devstoreaccount1;QueueEndpoint={queue}/devstoreaccount1;TableEndpoint={table}/devstoreaccount1;"))
            .WithOrleansProviderType("AzureTableStorage");
        return (azurite, storage);
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
