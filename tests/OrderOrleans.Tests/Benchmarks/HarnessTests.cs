using System.Diagnostics;
using System.Text.Json.Nodes;
using OrderOrleans.Benchmarks;
using OrderOrleans.Benchmarks.Load;

namespace OrderOrleans.Tests.Benchmarks;

/// <summary>The benchmark harness's own arithmetic and bounds: what decides "met", percentiles, and when a load stops.</summary>
public class HarnessTests
{
    [Fact]
    public void A_goal_is_met_only_on_its_side_of_the_bound_and_names_it()
    {
        var atGoal = Figure.AtLeast("orders/s", 60, "orders/s", 100, 0.6);
        atGoal.Ratio.ShouldBe(0.6);
        atGoal.Goal.ShouldBe("ratio >= 0.6");
        atGoal.Met.ShouldBeTrue();
        Figure.AtLeast("orders/s", 59, "orders/s", 100, 0.6).Met.ShouldBeFalse();

        Figure.AtMost("p99", 20, "ms", 10, 2).Met.ShouldBeTrue();
        Figure.AtMost("p99", 21, "ms", 10, 2).Met.ShouldBeFalse();

        var lag = Figure.Below("lag p50", 75, "ms", 0, 75);
        lag.Met.ShouldBeFalse();
        lag.Ratio.ShouldBe(0);
        lag.Goal.ShouldBe("< 75 ms");
        Figure.Above("fold", 200_000, "events/s", 200_000).Met.ShouldBeTrue();
    }

    [Fact]
    public void A_bound_shows_its_ratio_with_no_verdict_and_is_not_counted_as_a_goal()
    {
        var bound = Figure.Context("CPU per command", 5, "ms", 0.5);

        bound.Ratio.ShouldBe(10);
        bound.HasGoal.ShouldBeFalse();
        Report.Table([bound])[2].ShouldBe("| CPU per command | 5 | ms | 0.5 | 10 |  | (bound) |");
        Figure.AtLeast("orders/s", 60, "orders/s", 100, 0.6).HasGoal.ShouldBeTrue();
    }

    [Fact]
    public void Percentiles_are_nearest_rank_over_the_samples_in_any_order()
    {
        var latencies = new Latencies(Enumerable.Range(1, 200).Select(i => (double)i).Reverse());

        latencies.Count.ShouldBe(200);
        latencies[50].ShouldBe(100);
        latencies[99].ShouldBe(198);
        latencies[100].ShouldBe(200);
        double.IsNaN(new Latencies([])[50]).ShouldBeTrue();
    }

    [Fact]
    public async Task A_closed_load_runs_each_worker_its_count_once_per_operation()
    {
        var calls = new System.Collections.Concurrent.ConcurrentBag<(int Worker, int Index)>();

        var result = await LoadRun.ClosedAsync(4, 5, TimeSpan.FromMinutes(1), (w, i) =>
        {
            calls.Add((w, i));
            return Task.CompletedTask;
        });

        result.Count.ShouldBe(20);
        calls.Distinct().Count().ShouldBe(20);
        calls.Select(c => c.Index).Max().ShouldBe(4);
    }

    [Fact]
    public async Task A_closed_load_stops_at_its_time_limit_before_its_count()
    {
        var clock = Stopwatch.StartNew();

        // Its count alone would take at least 10 s (1,000 operations of 10 ms per worker), so an ignored limit fails fast.
        var result = await LoadRun.ClosedAsync(2, 1_000, TimeSpan.FromMilliseconds(300), (_, _) => Task.Delay(10));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        result.Count.ShouldBeGreaterThan(0);
        result.Count.ShouldBeLessThan(2_000);
    }

    [Fact]
    public void The_committed_results_hold_every_figure_with_the_fields_the_issue_names()
    {
        // Copied from tests/OrderOrleans.Benchmarks/results by the project file.
        var figures = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Benchmarks", "latest.json")))!.AsArray();

        figures.Count.ShouldBe(34);
        foreach (var figure in figures)
        {
            figure!.AsObject().Select(p => p.Key).ShouldBe(["name", "value", "unit", "baseline", "ratio", "goal", "met"]);
        }
    }
}
