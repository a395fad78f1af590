using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Components.Pages;

/// <summary>
/// The analytics summary over a date range: orders by status, orders and revenue per day (each on its own axis, bars
/// so that a single day shows), with the figures as tables too; refreshed (at most once a second) as events arrive.
/// </summary>
public sealed partial class AnalyticsPage
{
    /// <summary>The longest range asked for at once: a bar per day stays readable, and the query stays bounded.</summary>
    private const int MaxDays = 366;

    private readonly BarChartOptions _counts = new() { MaxNumYAxisTicks = 6, YAxisTitle = "Orders", YAxisFormat = "N0" };

    private AnalyticsSummary? _summary;
    private IReadOnlyList<DayFigures> _days = [];
    private string[] _currencies = [];
    private string _currency = "USD";
    private string? _from = Today.AddDays(-29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private string? _to = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private string? _rangeError;
    private readonly ReloadThrottle _reloads = new(TimeSpan.FromSeconds(1));

    [Inject] private IGrainFactory Grains { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    /// <summary>Days are UTC days, as the analytics count them.</summary>
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    protected override Task OnInitializedAsync() => Load();

    private Task SetFrom(string? value)
    {
        _from = value;
        return Load();
    }

    private Task SetTo(string? value)
    {
        _to = value;
        return Load();
    }

    private Task SetCurrency(string currency)
    {
        _currency = currency;
        Arrange();
        return Task.CompletedTask;
    }

    private async Task Load()
    {
        _rangeError = CheckRange(out var first, out var last);
        if (_rangeError is not null)
        {
            return;
        }
        if (await ClusterFailures.TryLoad(Snackbar, "Analytics", async () => _summary = await Grains.Grain<IReadModelGrain>(0).GetAnalytics(first, last)))
        {
            _reloads.Reloaded();
            Arrange();
        }
    }

    private string? CheckRange(out DateOnly first, out DateOnly last)
    {
        last = first = default;
        if (!DateOnly.TryParseExact(_from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first) ||
            !DateOnly.TryParseExact(_to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out last))
        {
            return "Both dates are needed.";
        }
        return last < first ? "'To' is before 'From'."
            : last.DayNumber - first.DayNumber >= MaxDays ? $"Choose at most {MaxDays} days."
            : null;
    }

    /// <summary>Every day of the range in the chosen currency, days without orders as zeros, so bars line up with dates.</summary>
    private void Arrange()
    {
        if (_summary is null || CheckRange(out var first, out var last) is not null)
        {
            return;
        }
        _currencies = [.. _summary.ByDay.Select(d => d.Currency).Concat(_summary.ByStatus.Select(s => s.Currency)).Distinct().Order(StringComparer.Ordinal)];
        if (!_currencies.Contains(_currency) && _currencies.Length > 0)
        {
            _currency = _summary.ByDay.GroupBy(d => d.Currency).OrderByDescending(g => g.Sum(d => d.OrdersCreated)).FirstOrDefault()?.Key ?? _currencies[0];
        }
        var byDate = _summary.ByDay.Where(d => d.Currency == _currency).ToDictionary(d => d.Date);
        _days = [.. Enumerable.Range(0, last.DayNumber - first.DayNumber + 1)
            .Select(i => first.AddDays(i))
            .Select(date => byDate.GetValueOrDefault(date) ?? new DayFigures(date, _currency, 0, 0m, 0, 0, 0))];
    }

    private List<ChartSeries<double>> StatusSeries =>
        [new() { Name = "Orders", Data = new ChartData<double>([.. Enum.GetValues<OrderStatus>().Select(s => (double)OrdersIn(s))]) }];

    private List<ChartSeries<double>> OrderSeries =>
    [
        new() { Name = "Created", Data = new ChartData<double>([.. _days.Select(d => (double)d.OrdersCreated)]) },
        new() { Name = "Paid", Data = new ChartData<double>([.. _days.Select(d => (double)d.OrdersPaid)]) },
    ];

    private List<ChartSeries<double>> RevenueSeries =>
        [new() { Name = $"Revenue ({_currency})", Data = new ChartData<double>([.. _days.Select(d => (double)d.Revenue)]) }];

    private BarChartOptions RevenueOptions => new() { MaxNumYAxisTicks = 6, YAxisTitle = _currency, YAxisFormat = "N0" };

    private static string[] StatusLabels => [.. Enum.GetValues<OrderStatus>().Select(s => s.ToString())];

    /// <summary>A label every few days (Mondays past two weeks), so the axis stays readable however long the range.</summary>
    private string[] DayLabels => [.. _days.Select((d, i) => _days.Count <= 14 || d.Date.DayOfWeek == DayOfWeek.Monday || i == 0
        ? d.Date.ToString("MMM d", CultureInfo.InvariantCulture)
        : "")];

    private int OrdersIn(OrderStatus status) => _summary?.ByStatus.Where(f => f.Status == status).Sum(f => f.Orders) ?? 0;

    /// <summary>A chart's text alternative: what a sighted user reads off it.</summary>
    private string StatusDescription => "Orders by status: " + string.Join(", ", Enum.GetValues<OrderStatus>().Select(s => $"{s} {OrdersIn(s)}")) + ".";

    private string DaysDescription => $"Orders created and paid, and revenue in {_currency}, per day from {_from} to {_to}: " +
        $"{_days.Sum(d => d.OrdersCreated)} created, {_days.Sum(d => d.OrdersPaid)} paid, revenue {Money(_days.Sum(d => d.Revenue))} {_currency}; the table below lists each day.";

    private static string Money(decimal value) => value.ToString("N2", CultureInfo.InvariantCulture);

    protected override Task OnEvent(FeedEvent item) => InvokeAsync(() => _reloads.Request(async () =>
    {
        await Load();
        StateHasChanged();
    }));
}
