using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderOrleans.Benchmarks.Sustained;

/// <summary>The sustained load's per-minute table and its targets, printed and written to <c>results/load-latest.*</c>.</summary>
public sealed class LoadReport(List<string> minutes, List<Figure> targets, List<string> checks, string summary)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static LoadReport Build(LoadMinutes load, System.Collections.Concurrent.ConcurrentDictionary<string, long> arrivals,
        List<CheckoutClient> clients, TimeSpan? lateCatchUp, string catchUp, JsonNode? verify, long logBytes, HalfLoad half, FeatureChecks checks,
        int clientCount, int siloCount)
    {
        var rows = load.All.ToList();
        var table = new List<string>
        {
            "| minute | orders/s | raw inserts/s | orders per raw insert | command p50 ms | command p99 ms | 503 + Retry-After | other 5xx | 429 | lag p50 ms | lag p99 ms | not on feed | service lag: events behind (max) | oldest behind (max) ms | log bytes (cumulative) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        };
        foreach (var (index, m) in rows)
        {
            var latencies = new Load.Latencies(m.Latencies);
            table.Add($"| {index + 1} | {m.Orders / 60.0:0.0} | {m.RawInsertsPerSecond:0} | {m.OrdersPerRawInsert:0.000} | {latencies[50]:0.0} | {latencies[99]:0.0} | {m.BackPressure} | {m.Errors} | {m.Throttled} | " +
                $"{m.Lags[50]:0.0} | {m.Lags[99]:0.0} | {m.LagsMissing} | {m.MaxEventsBehind} | {m.MaxOldestBehindMs:0} | {m.LogBytes} |");
        }
        // The last bucket is the few seconds after the last full minute; throughput compares whole minutes.
        var whole = rows.Where(r => r.Index < rows.Count - 1 || rows.Count == 1).ToList();
        // A first minute slowed by warm-up would hide a decline: the last minute is held against the best of the first three.
        var early = whole.Take(3).ToList();
        var bestEarly = early.Max(r => r.Figures.Orders / 60.0);
        var last = whole[^1].Figures.Orders / 60.0;
        var measured = whole.Where(r => !double.IsNaN(r.Figures.RawInsertsPerSecond)).ToList();
        var bestEarlyRatio = early.Select(r => r.Figures.OrdersPerRawInsert).Where(r => !double.IsNaN(r)).DefaultIfEmpty(double.NaN).Max();
        var lastRatio = measured.Count > 0 ? measured[^1].Figures.OrdersPerRawInsert : double.NaN;
        var worstP99 = rows.Max(r => double.IsNaN(r.Figures.Lags[99]) ? 0 : r.Figures.Lags[99]);
        var errors = rows.Sum(r => r.Figures.Errors);
        var missing = rows.Sum(r => r.Figures.LagsMissing);
        var created = clients.Sum(c => c.Created);
        var inAll = created + half.Created + checks.Created;
        // Without an answer from verify, every order counts as unverified.
        var differences = verify is null ? inAll : verify["differences"]!.AsArray().Count;
        var inLog = verify?["checkedOrders"]!.GetValue<int>() ?? 0;
        var targets = new List<Figure>
        {
            Figure.Below("5xx other than 503 with Retry-After", errors, "responses", 0, 1),
            Figure.Below(verify is null
                    ? "orders whose view differs from the log (verify did not answer)"
                    : $"orders whose view differs from the log (verify, {inLog} orders in the log, {inAll} created)",
                verify is null ? differences : differences + Math.Abs(inAll - inLog), "orders", 0, 1),
            Figure.Below("answered commands never seen on the live feed", missing, "events", 0, 1),
            Figure.AtLeast("throughput per raw insert on the same Azurite, last measured minute vs the best of the first three", lastRatio, "orders per insert", bestEarlyRatio, 0.9),
            Figure.Context("throughput, last whole minute vs the best of the first three (the emulator's slowing included)", last, "orders/s", bestEarly),
            Figure.Below("projection lag p99, worst minute", worstP99, "ms", 0, 1000),
            Figure.Below($"projection lag p50 at half the throughput ({half.CommandsPerSecond:0} commands/s)", half.Lags[50], "ms", 0, 75),
            Figure.Below($"projection lag p99 at half the throughput ({half.Missing} not seen)", half.Lags[99], "ms", 0, 250),
            Figure.Below($"seconds until list, customers and analytics show every order after the load ({catchUp})", lateCatchUp?.TotalSeconds ?? 0, "s", 0, 5.001),
            Figure.Below("silo log bytes for the whole run", logBytes, "bytes", 0, 20_000_000),
            Figure.Below($"feature checks that broke a promise during the load ({checks.Created} rounds, table below)", checks.Failures, "checks", 0, 1),
        };
        var summary = $"{clientCount} clients, {siloCount} silos, {rows.Count} minutes, {created} orders created, " +
            $"{clients.Sum(c => c.Paid)} paid, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.";
        return new LoadReport(table, targets, checks.Table(), summary);
    }

    public async Task WriteAsync()
    {
        var targetTable = Report.Table(targets);
        List<string> lines = [summary, "", .. minutes, "", .. targetTable, "", .. checks];
        Console.WriteLine();
        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }
        var results = Report.ResultsDirectory();
        await File.WriteAllLinesAsync(Path.Combine(results, "load-latest.md"), lines);
        await File.WriteAllTextAsync(Path.Combine(results, "load-latest.json"),
            JsonSerializer.Serialize(new { summary, minutes, targets, checks }, s_json) + Environment.NewLine);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{targets.Count(t => t.Met)} of {targets.Count(t => t.HasGoal)} targets met. Written to {results}/load-latest.md and load-latest.json"));
    }
}
