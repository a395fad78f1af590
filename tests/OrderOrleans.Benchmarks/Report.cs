using System.Text.Json;

namespace OrderOrleans.Benchmarks;

/// <summary>Prints the figures as a table and writes them to <c>results/latest.json</c> and <c>results/latest.md</c>.</summary>
public static class Report
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(IReadOnlyList<Figure> figures, Profile profile, string name = "latest")
    {
        var lines = Table(figures);
        Console.WriteLine();
        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }
        var results = ResultsDirectory();
        var json = JsonSerializer.Serialize(figures, s_json);
        await File.WriteAllTextAsync(Path.Combine(results, $"{name}.json"), json + Environment.NewLine);
        await File.WriteAllLinesAsync(Path.Combine(results, $"{name}.md"),
            [$"Profile {profile.Name}, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores.", "", .. lines]);
        Console.WriteLine($"{figures.Count(f => f.Met)} of {figures.Count(f => f.HasGoal)} goals met. Written to {results}/{name}.json and {name}.md");
    }

    /// <summary>The committed results folder beside the sources.</summary>
    public static string ResultsDirectory() =>
        Directory.CreateDirectory(Path.GetFullPath(Path.Combine(ProjectDirectory(), "results"))).FullName;

    public static List<string> Table(IEnumerable<Figure> figures) =>
    [
        "| figure | value | unit | baseline | ratio | goal | met |",
        "|---|---|---|---|---|---|---|",
        .. figures.Select(f => $"| {f.Name} | {f.Value} | {f.Unit} | {f.Baseline} | {f.Ratio} | {f.Goal} | {(f.HasGoal ? f.Met ? "yes" : "no" : "(bound)")} |"),
    ];

    /// <summary>The project's folder, found from the build output so that results land beside the sources.</summary>
    private static string ProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrderOrleans.Benchmarks.csproj")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run the benchmarks from their build output (./scripts/bench.sh).");
    }
}
