using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Contracts;

namespace OrderOrleans.Dashboard.Components.Pages;

/// <summary>
/// Every projection's state at a glance, and the chosen one's lag and its trend, rebuild with progress, dead letters with
/// retry; refreshed every second.
/// </summary>
public sealed partial class ProjectionsPage
{
    private string _selected = ProjectionNames.OrderList;
    private ProjectionInfo[] _all = [];
    private ProjectionInfo? _info;
    private IReadOnlyList<DeadLetter> _deadLetters = [];
    private List<ChartSeries<double>> _trend = [];
    private string[] _trendLabels = [];
    private Timer? _refresh;
    private DateTimeOffset _loadedAt;
    private bool _stale;

    [Inject] private IGrainFactory Grains { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    private IProjectionGrain Projection => Grains.Grain<IProjectionGrain>(_selected);

    protected override async Task OnInitializedAsync()
    {
        await Load();
        _refresh = new Timer(_ => InvokeAsync(async () => { await Load(); StateHasChanged(); }), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private async Task Select(string name)
    {
        _selected = name;
        await Load();
    }

    /// <summary>Loads the figures every second; while the cluster does not answer, the page says since when they are stale.</summary>
    private async Task Load()
    {
        try
        {
            await LoadFigures();
            (_loadedAt, _stale) = (DateTimeOffset.Now, false);
        }
        catch (Exception ex) when (ClusterFailures.IsTransient(ex))
        {
            _stale = true;
        }
    }

    private async Task LoadFigures()
    {
        _all = await Task.WhenAll(ProjectionNames.All.Select(n => Grains.Grain<IProjectionGrain>(n).GetInfo()));
        _info = _all.Single(i => i.Name == _selected);
        _deadLetters = await Projection.GetDeadLetters();
        var samples = _info.Lag.Trend;
        _trend = [new ChartSeries<double> { Name = "Oldest behind (s)", Data = new ChartData<double>([.. samples.Select(s => s.OldestBehindMs / 1000)]) }];
        // A label every 15 samples (seconds), so the axis stays readable.
        _trendLabels = [.. samples.Select((s, i) => i % 15 == 0 ? s.At.ToLocalTime().ToString("T", CultureInfo.CurrentCulture) : "")];
    }

    private async Task Rebuild()
    {
        _info = await Projection.StartRebuild();
        Snackbar.Add("Rebuild started; the current views keep answering until it switches.", Severity.Info);
    }

    private async Task Retry(DeadLetter letter)
    {
        var answer = await Projection.RetryDeadLetter(letter.OrderId, letter.Version);
        Snackbar.Add(answer.Error is { } error ? error.Message : $"Applied {letter.EventType} {letter.Version} of {letter.OrderId}.",
            answer.Error is null ? Severity.Success : Severity.Error);
        await Load();
    }

    private static bool IsRebuilding(ProjectionInfo info) => info.Rebuild is { CompletedAt: null, Error: null };

    private static bool IsDegraded(ProjectionInfo info) => info.DeadLetters > 0 || info.Lagging || info.Rebuild?.Error is not null;

    /// <summary>"Unknown" while the figures are stale: a chip must not say Live about numbers nobody has confirmed.</summary>
    private string StateOf(ProjectionInfo info) => _stale ? "Unknown" : IsRebuilding(info) ? "Rebuilding" : IsDegraded(info) ? "Degraded" : "Live";

    /// <summary>Colours dark enough for the chip's white label to meet 4.5:1 (the palette's info, warning and success did not).</summary>
    private string StyleOf(ProjectionInfo info) =>
        $"color:#ffffff;background-color:{(_stale ? "#546e7a" : IsRebuilding(info) ? "#1565c0" : IsDegraded(info) ? "#a84300" : "#1b5e20")}";

    private static string Ms(double? value) => value is { } v ? $"{v.ToString("N0", CultureInfo.InvariantCulture)} ms" : "-";

    public void Dispose() => _refresh?.Dispose();
}
