using Azure.Data.Tables;
using OrderOrleans.Benchmarks.Load;
using OrderOrleans.Testing;

namespace OrderOrleans.Benchmarks.Figures;

/// <summary>
/// Figures 1 and 2: orders (create + add item + place) over HTTP and straight to the grains, at concurrency 1, 8 and 32,
/// against raw single-entity inserts with Azure.Data.Tables at the same concurrency. An order is three commands and each
/// command is at least one write, so the raw baseline for an order is three inserts: the ratio compares the same count
/// of storage writes. Latencies are per command (one HTTP request) against one raw insert. Beside them, as bounds with no
/// goal of their own: a bare HTTP endpoint that only inserts (what any HTTP service can reach here at best), and where the
/// CPU went, per command against per raw insert, in Azurite's table process and in all processes together.
/// </summary>
public static class CommandFigures
{
    private const string RowData = "{\"productId\":\"SKU-1\",\"quantity\":1}";

    public static async Task RunAsync(BenchHost host, AzuriteServer azurite, TableServiceClient tables, Profile profile, List<Figure> figures)
    {
        var raw = tables.GetTableClient(host.TablePrefix + "RawInserts");
        await raw.CreateIfNotExistsAsync();
        await using var bare = await BareInsertService.StartAsync(raw);
        var run = Guid.NewGuid().ToString("N")[..6];
        Task Raw(string tag, int w, int i) =>
            raw.AddEntityAsync(new TableEntity($"{run}-{tag}-{w}", $"{i:D6}") { ["Data"] = RowData });
        Task Bare(string tag, int w, int i) => bare.InsertAsync($"{run}-{tag}-{w}", $"{i:D6}", RowData);
        Task Http(string tag, int w, int i) => OrderCalls.HttpOrderStep(host.Http, $"{run}-{tag}-{w}-{i / 3}", i % 3);
        Task Grain(string tag, int w, int i) => OrderCalls.GrainStep(host.Grains, $"{run}-{tag}-{w}-{i / 3}", i % 3);

        // Warm-up until the JIT is quiet: a young process spends seconds of CPU re-compiling hot methods at higher tiers
        // (measured: 3.5 s of JIT during one 6-second run at concurrency 32), which a long-running silo has long done.
        await Warmup.UntilJitQuietAsync(async round =>
        {
            await LoadRun.ClosedAsync(8, 30, TimeSpan.FromSeconds(2), (w, i) => Raw($"warm{round}", w, i));
            await LoadRun.ClosedAsync(8, 30, TimeSpan.FromSeconds(2), (w, i) => Bare($"warmb{round}", w, i));
            // Concurrency 8: enough to heat every path, and a backlog small enough for Azurite's queues to drain quickly.
            await LoadRun.ClosedAsync(8, 60, TimeSpan.FromSeconds(2), (w, i) => Http($"warmh{round}", w, i));
            await LoadRun.ClosedAsync(8, 60, TimeSpan.FromSeconds(2), (w, i) => Grain($"warmg{round}", w, i));
            await host.DrainAsync();
        });

        using var stages = new StageTimes(new Dictionary<int, string> { [tables.Uri.Port] = "table", [host.QueuePort] = "queue" });
        foreach (var concurrency in new[] { 1, 8, 32 })
        {
            var perWorker = 3 * profile.Scale * (concurrency switch { 1 => 60, 8 => 25, _ => 5 });
            Task<LoadResult> Measure(string tag, Func<string, int, int, Task> step) =>
                LoadRun.ClosedAsync(concurrency, perWorker, profile.RunLimit, (w, i) => step($"{tag}{concurrency}", w, i));

            // The baseline before and after, averaged, so that drift on a noisy machine hits both sides alike. Each run
            // starts once the stream has delivered everything earlier runs published.
            await host.DrainAsync();
            var rawBefore = await Measure("r", Raw);
            stages.Take();
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            var http = await Measure("h", Http);
            Console.WriteLine($"  http {concurrency} stages: {stages.Take(http.Count)}; JIT {(System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds:F0} ms");
            await host.DrainAsync();
            var bareInserts = await Measure("b", Bare);
            var grains = await Measure("g", Grain);
            await host.DrainAsync();
            var rawAfter = await Measure("ra", Raw);
            var rawPerSecond = (rawBefore.PerSecond + rawAfter.PerSecond) / 2;
            double RawAt(double percentile) => (rawBefore.Latencies[percentile] + rawAfter.Latencies[percentile]) / 2;

            figures.Add(Figure.AtLeast($"orders/s over HTTP, concurrency {concurrency} (baseline: 3 raw inserts)",
                http.PerSecond / 3, "orders/s", rawPerSecond / 3, 0.6));
            figures.Add(Figure.AtLeast($"orders/s to grains, concurrency {concurrency} (baseline: 3 raw inserts)",
                grains.PerSecond / 3, "orders/s", rawPerSecond / 3, 0.6));
            figures.Add(Figure.AtMost($"HTTP command latency p50, concurrency {concurrency} (goal: raw + 2 ms)",
                http.P50, "ms", RawAt(50), (RawAt(50) + 2) / RawAt(50)));
            figures.Add(Figure.AtMost($"HTTP command latency p95, concurrency {concurrency}", http.P95, "ms", RawAt(95), 2));
            figures.Add(Figure.AtMost($"HTTP command latency p99, concurrency {concurrency}", http.P99, "ms", RawAt(99), 2));
            figures.Add(Figure.Context($"orders/s over a bare HTTP insert endpoint (no service: the most any reaches here), concurrency {concurrency} (baseline: 3 raw inserts)",
                bareInserts.PerSecond / 3, "orders/s", rawPerSecond / 3));
            Console.WriteLine($"commands at {concurrency}: raw {rawPerSecond:F0}/s p50 {RawAt(50):F2} p99 {RawAt(99):F2}; " +
                $"http {http.PerSecond:F0}/s p50 {http.P50:F2} p99 {http.P99:F2}; bare {bareInserts.PerSecond:F0}/s p50 {bareInserts.P50:F2}; grains {grains.PerSecond:F0}/s p50 {grains.P50:F2} p99 {grains.P99:F2}");
        }

        // Where the CPU goes at concurrency 32, over runs long enough for the processes' counters (kept in 10 ms ticks).
        var cpu = new CpuShares(azurite);
        async Task<CpuPerOperation> CpuOf(string tag, Func<string, int, int, Task> step)
        {
            await host.DrainAsync();
            cpu.Restart();
            var measured = await LoadRun.ClosedAsync(32, 30_000, TimeSpan.FromSeconds(4 * profile.Scale), (w, i) => step(tag, w, i));
            // A command's projection work ends once the stream has delivered it.
            await host.DrainAsync();
            var spent = cpu.Per(measured.Count);
            Console.WriteLine($"  {tag} at 32: {spent}");
            return spent;
        }
        var rawCpu = await CpuOf("cpu-raw", Raw);
        var bareCpu = await CpuOf("cpu-bare", Bare);
        var httpCpu = await CpuOf("cpu-http", Http);
        figures.Add(Figure.Context("Azurite table process CPU per HTTP command, concurrency 32 (baseline: per raw insert)", httpCpu.Table, "ms", rawCpu.Table));
        figures.Add(Figure.Context("CPU of all processes per HTTP command, concurrency 32 (baseline: per raw insert)", httpCpu.Total, "ms", rawCpu.Total));
        figures.Add(Figure.Context("CPU of all processes per bare HTTP insert, concurrency 32 (baseline: per raw insert)", bareCpu.Total, "ms", rawCpu.Total));
    }
}
