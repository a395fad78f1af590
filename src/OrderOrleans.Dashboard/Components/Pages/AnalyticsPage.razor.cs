using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Components.Pages;

/// <summary>Charts of the analytics summary, refreshed (at most once a second) as events arrive.</summary>
public sealed partial class AnalyticsPage
{
    private AnalyticsSummary? _summary;
    private List<ChartSeries<double>> _byStatus = [];
    private string[] _statusLabels = [];
    private List<ChartSeries<double>> _byDay = [];
    private string[] _dayLabels = [];
    private string _currency = "USD";
    private readonly ReloadThrottle _reloads = new(TimeSpan.FromSeconds(1));

    [Inject] private IGrainFactory Grains { get; set; } = null!;

    protected override Task OnInitializedAsync() => Load();

    private async Task Load()
    {
        _summary = await Grains.GetGrain<IReadModelGrain>(0).GetAnalytics();
        _reloads.Reloaded();
        var statuses = Enum.GetValues<OrderStatus>();
        _statusLabels = [.. statuses.Select(s => s.ToString())];
        _byStatus = [new ChartSeries<double> { Name = "Orders", Data = new ChartData<double>([.. statuses.Select(s => (double)_summary.ByStatus.Where(f => f.Status == s).Sum(f => f.Orders))]) }];
        _currency = _summary.ByDay.GroupBy(d => d.Currency).OrderByDescending(g => g.Sum(d => d.OrdersCreated)).FirstOrDefault()?.Key ?? "USD";
        var days = _summary.ByDay.Where(d => d.Currency == _currency).OrderBy(d => d.Date).TakeLast(30).ToList();
        _dayLabels = [.. days.Select(d => d.Date.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture))];
        _byDay =
        [
            new ChartSeries<double> { Name = "Orders created", Data = new ChartData<double>([.. days.Select(d => (double)d.OrdersCreated)]) },
            new ChartSeries<double> { Name = $"Revenue ({_currency})", Data = new ChartData<double>([.. days.Select(d => (double)d.Revenue)]) },
        ];
    }

    protected override Task OnEvent(FeedEvent item) => InvokeAsync(() => _reloads.Request(async () =>
    {
        await Load();
        StateHasChanged();
    }));
}
