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
// `--only lag,commands` measures those groups alone (fold, time-travel, rebuild, commands, queries, personal-data, lag)
// and writes no results: for comparing two settings in turns within minutes.
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',');
bool Runs(string group) => only is null || only.Contains(group);
// WebApplicationFactory finds the Silo's content root through the manifest in the build output, read from the working directory.
Environment.CurrentDirectory = AppContext.BaseDirectory;
var figures = new List<Figure>();

if (Runs("fold"))
{
    FoldFigures.Run(profile, figures);
}

// An emulator of its own (tables in memory, queues on disk: see AzuriteServer).
await using var azurite = await AzuriteServer.StartAsync();
var tables = StorageAccount.FromConnectionString(azurite.ConnectionString).Tables();
if (Runs("time-travel"))
{
    await TimeTravelFigures.RunAsync(tables, TestNames.Prefix(), profile, figures);
}

// The rebuild on a host and tables of its own: its seeded events would slow every later append, since Azurite's
// tables slow down as they grow.
if (Runs("rebuild"))
{
    await using var rebuildHost = BenchHost.Start(azurite.ConnectionString);
    await RebuildFigures.RunAsync(rebuildHost, tables, profile, figures);
}

await using (var host = BenchHost.Start(azurite.ConnectionString))
{
    if (Runs("commands"))
    {
        await CommandFigures.RunAsync(host, azurite, tables, profile, figures);
        await host.DrainAsync();
    }
    if (Runs("queries"))
    {
        await QueryFigures.RunAsync(host, profile, figures);
        await host.DrainAsync();
    }
    if (Runs("personal-data"))
    {
        await PersonalDataFigures.RunAsync(host, profile, figures);
    }
    if (Runs("lag"))
    {
        await ProjectionLagFigures.RunAsync(host, profile, 50, figures);
        await host.DrainAsync();
        // Last: at 200/s Azurite's queue service falls behind (see the README), and nothing after it should pay for that.
        await ProjectionLagFigures.RunAsync(host, profile, 200, figures);
    }
    if (only is null)
    {
        await Report.WriteAsync(figures, profile);
    }
}
return 0;
