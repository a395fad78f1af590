using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Components.Pages;

/// <summary>The live order list: server-side paging and filters over the order-list projection, reloaded as events arrive.</summary>
public sealed partial class OrderListPage
{
    private readonly ReloadThrottle _reloads = new(TimeSpan.FromMilliseconds(250));
    private MudDataGrid<OrderSummary>? _grid;

    [Inject] private IGrainFactory Grains { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    internal OrderListFilter Filter { get; private set; } = new(null, null, null);

    private async Task<GridData<OrderSummary>> Load(GridState<OrderSummary> state, CancellationToken cancellationToken)
    {
        try
        {
            var query = Filter.ToQuery() with { Sort = OrderListFilter.SortOf(state.SortDefinitions.FirstOrDefault()) };
            if ((state.Page + 1) * state.PageSize > IReadModelGrain.MaxDepth)
            {
                Snackbar.Add($"The list shows the first {IReadModelGrain.MaxDepth:N0} orders; narrow it with a status, customer or dates to see others.", Severity.Warning);
                return new GridData<OrderSummary> { Items = [], TotalItems = IReadModelGrain.MaxDepth };
            }
            var page = await Grains.GetGrain<IReadModelGrain>(0).ListOrders(query, state.Page + 1, state.PageSize);
            _reloads.Reloaded();
            if (page.TooBroad)
            {
                Snackbar.Add($"Sorting by this column reads every one of the {page.TotalCount:N0} orders listed; narrow the list with a status, customer or dates, or sort by created, status or customer.", Severity.Warning);
            }
            return new GridData<OrderSummary> { Items = page.Items, TotalItems = page.TotalCount };
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            Snackbar.Add($"The order list could not be loaded: {ex.Message}", Severity.Error);
            return new GridData<OrderSummary> { Items = [], TotalItems = 0 };
        }
    }

    private Task OnStatusChanged(OrderStatus? status) => Refilter(Filter with { Status = status });

    private Task OnCustomerChanged(string? customerId) => Refilter(Filter with { CustomerId = string.IsNullOrWhiteSpace(customerId) ? null : customerId.Trim() });

    private Task OnCreatedChanged(DateRange? range) => Refilter(Filter with { Created = range });

    private Task Refilter(OrderListFilter filter)
    {
        Filter = filter;
        return _grid?.ReloadServerData() ?? Task.CompletedTask;
    }

    /// <summary>
    /// An order changed somewhere in the cluster: reload at most every 250 ms however busy it gets, and not at all for
    /// another customer's order while the list is filtered to one (an order keeps its customer).
    /// </summary>
    protected override Task OnEvent(FeedEvent item) => Filter.CustomerId is { } customer && item.CustomerId != customer
        ? Task.CompletedTask
        : InvokeAsync(() => _grid is null ? Task.CompletedTask : _reloads.Request(() => _grid.ReloadServerData()));

    private static string Money(decimal amount, string currency) => $"{amount.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)} {currency}";
}

/// <summary>The list's filter as the page holds it; <see cref="ToQuery"/> turns the date range into [from, to).</summary>
internal sealed record OrderListFilter(OrderStatus? Status, string? CustomerId, DateRange? Created)
{
    public OrderListQuery ToQuery() => new(
        Status,
        CustomerId,
        Created?.Start is { } start ? new DateTimeOffset(start.Date, TimeSpan.Zero) : null,
        Created?.End is { } end ? new DateTimeOffset(end.Date.AddDays(1), TimeSpan.Zero) : null,
        0);

    /// <summary>The grid's sorted column (by property name) as the list's sort; unsorted is newest first.</summary>
    public static OrderListSort SortOf(SortDefinition<OrderSummary>? sort) => (sort?.SortBy, sort?.Descending) switch
    {
        (nameof(OrderSummary.CreatedAt), false) => OrderListSort.Oldest,
        (nameof(OrderSummary.Total), true) => OrderListSort.TotalDescending,
        (nameof(OrderSummary.Total), false) => OrderListSort.TotalAscending,
        (nameof(OrderSummary.CustomerId), _) => OrderListSort.Customer,
        (nameof(OrderSummary.Status), _) => OrderListSort.Status,
        _ => OrderListSort.Newest,
    };
}
