using OrderOrleans.Storage;
using OrderOrleans.Benchmarks;
using OrderOrleans.Benchmarks.Figures;
using OrderOrleans.Testing;

// Every figure is a ratio against a baseline measured in this same run on this same Azurite: these machines are
// noisy, so absolute numbers are printed for context only. Everything targets 127.0.0.1. `--full` measures longer.
if (args.FirstOrDefault() == "load")
{
    return await OrderOrleans.Benchmarks.Sustained.SustainedLoad.RunAsync(args);
}
if (args.Contains("--scale"))
{
    return await ScaleFigures.RunAsync(args);
}

var profile = Profile.From(args);
// WebApplicationFactory finds the Silo's content root through the manifest in the build output, read from the working directory.
Environment.CurrentDirectory = AppContext.BaseDirectory;
var figures = new List<Figure>();

FoldFigures.Run(profile, figures);

// An emulator of its own (tables in memory, queues on disk: see AzuriteServer).
await using var azurite = await AzuriteServer.StartAsync();
var tables = StorageAccount.FromConnectionString(azurite.ConnectionString).Tables();
await TimeTravelFigures.RunAsync(tables, TestNames.Prefix(), profile, figures);

// The rebuild on a host and tables of its own: its seeded events would slow every later append, since Azurite's
// tables slow down as they grow.
await using (var rebuildHost = BenchHost.Start(azurite.ConnectionString))
{
    await RebuildFigures.RunAsync(rebuildHost, tables, profile, figures);
}

await using (var host = BenchHost.Start(azurite.ConnectionString))
{
    await CommandFigures.RunAsync(host, tables, profile, figures);
    await host.DrainAsync();
    await QueryFigures.RunAsync(host, profile, figures);
    await host.DrainAsync();
    await PersonalDataFigures.RunAsync(host, profile, figures);
    await ProjectionLagFigures.RunAsync(host, profile, 50, figures);
    await host.DrainAsync();
    // Last: at 200/s Azurite's queue service falls behind (see the README), and nothing after it should pay for that.
    await ProjectionLagFigures.RunAsync(host, profile, 200, figures);
    await Report.WriteAsync(figures, profile);
}
return 0;
