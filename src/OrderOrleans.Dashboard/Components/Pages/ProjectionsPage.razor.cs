using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Dashboard.Components.Pages;

/// <summary>The order-list projection: state, the cluster's lag and its trend, rebuild with progress, dead letters with retry; refreshed every second.</summary>
public sealed partial class ProjectionsPage
{
    private ProjectionInfo? _info;
    private IReadOnlyList<DeadLetter> _deadLetters = [];
    private List<ChartSeries<double>> _trend = [];
    private string[] _trendLabels = [];
    private Timer? _refresh;

    [Inject] private IGrainFactory Grains { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    private IProjectionGrain Projection => Grains.GetGrain<IProjectionGrain>(ProjectionNames.OrderList);

    protected override async Task OnInitializedAsync()
    {
        await Load();
        _refresh = new Timer(_ => InvokeAsync(async () => { await Load(); StateHasChanged(); }), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private async Task Load()
    {
        _info = await Projection.GetInfo();
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
        var failure = await Projection.RetryDeadLetter(letter.OrderId, letter.Version);
        Snackbar.Add(failure is null ? $"Applied {letter.EventType} {letter.Version} of {letter.OrderId}." : $"Still failing: {failure}",
            failure is null ? Severity.Success : Severity.Error);
        await Load();
    }

    private static string Ms(double? value) => value is { } v ? $"{v.ToString("N0", CultureInfo.InvariantCulture)} ms" : "-";

    public void Dispose() => _refresh?.Dispose();
}
