using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using OrderOrleans.Benchmarks.Micro;

namespace OrderOrleans.Benchmarks.Figures;

/// <summary>Figure 4b: the fold rate of <see cref="Domain.OrderState.Apply"/> on one core, measured by BenchmarkDotNet in process.</summary>
public static class FoldFigures
{
    public static void Run(Profile profile, List<Figure> figures)
    {
        var job = (profile == Profile.Full ? Job.MediumRun : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateMinimumViable().AddJob(job)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "orderorleans-benchmarkdotnet"));
        var summary = BenchmarkRunner.Run<FoldBenchmarks>(config);
        var report = summary.Reports.Single();
        var nanosecondsPerEvent = report.ResultStatistics!.Mean;
        var bytesPerEvent = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
        figures.Add(Figure.Above($"fold: OrderState.Apply, one core ({bytesPerEvent} B allocated per event)", 1e9 / nanosecondsPerEvent, "events/s", 200_000));
    }
}
