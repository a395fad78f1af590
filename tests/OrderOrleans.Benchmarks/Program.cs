using OrderOrleans.Benchmarks;
using OrderOrleans.Benchmarks.Figures;
using OrderOrleans.Grains;
using OrderOrleans.Tests.Infrastructure;

// Every figure is a ratio against a baseline measured in this same run on this same Azurite: these machines are
// noisy, so absolute numbers are printed for context only. Everything targets 127.0.0.1. `--full` measures longer.
var profile = Profile.From(args);
// WebApplicationFactory finds the Silo's content root through the manifest in the build output, read from the working directory.
Environment.CurrentDirectory = AppContext.BaseDirectory;
var figures = new List<Figure>();

FoldFigures.Run(profile, figures);

await using var azurite = await AzuriteServer.StartAsync();
var tables = StorageClients.Tables(azurite.ConnectionString);
await TimeTravelFigures.RunAsync(tables, TestNames.Prefix(), profile, figures);

await using (var host = BenchHost.Start(azurite.ConnectionString))
{
    await CommandFigures.RunAsync(host, tables, profile, figures);
    await QueryFigures.RunAsync(host, profile, figures);
    await ProjectionLagFigures.RunAsync(host, profile, figures);
    await RebuildFigures.RunAsync(host, tables, figures);
}

await Report.WriteAsync(figures, profile);
