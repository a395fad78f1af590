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

    internal OrderListFilter Filter { get; private set; } = new(null, null, null, null);

    // The filters live in the URL, so a reload, Back from an order, or a shared link shows the same list.
    [SupplyParameterFromQuery(Name = "status")] public string? StatusQuery { get; set; }
    [SupplyParameterFromQuery(Name = "customer")] public string? CustomerQuery { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? FromQuery { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? ToQuery { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] public string? SortQuery { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public string? PageQuery { get; set; }
    [SupplyParameterFromQuery(Name = "size")] public string? SizeQuery { get; set; }

    private bool _loaded;

    /// <summary>URLs this page wrote and has not yet seen come back as parameters (they arrive after later changes).</summary>
    private readonly Queue<string> _written = new();

    protected override Task OnParametersSetAsync()
    {
        // Our own URL coming back: the filter moved on already (a second change may have followed it), so it stays.
        if (_written.Contains(Navigation.Uri))
        {
            while (_written.Dequeue() != Navigation.Uri)
            {
            }
            return Task.CompletedTask;
        }
        var filter = OrderListFilter.Parse(StatusQuery, CustomerQuery, FromQuery, ToQuery, SortQuery, PageQuery, SizeQuery);
        if (filter == Filter)
        {
            return Task.CompletedTask;
        }
        Filter = filter;
        return _grid?.ReloadServerData() ?? Task.CompletedTask;
    }

    private async Task<GridData<OrderSummary>> Load(GridState<OrderSummary> state, CancellationToken cancellationToken)
    {
        try
        {
            // The grid holds the sort and page the user chose: the URL follows them.
            WriteUrl(Filter with { Sort = OrderListFilter.SortOf(state.SortDefinitions.FirstOrDefault()), Page = state.Page + 1, PageSize = state.PageSize });
            var query = Filter.ToQuery();
            if ((state.Page + 1) * state.PageSize > IReadModelGrain.MaxDepth)
            {
                Snackbar.Add($"The list shows the first {IReadModelGrain.MaxDepth:N0} orders; narrow it with a status, customer or dates to see others.", Severity.Warning);
                return new GridData<OrderSummary> { Items = [], TotalItems = IReadModelGrain.MaxDepth };
            }
            var page = await Grains.GetGrain<IReadModelGrain>(0).ListOrders(query, Filter.Page, Filter.PageSize);
            if (page.Items.Count == 0 && Filter.Page > 1)
            {
                // Past the last page (a link from when there were more orders): the first page instead; the grid goes back to it.
                WriteUrl(Filter with { Page = 1 });
                page = await Grains.GetGrain<IReadModelGrain>(0).ListOrders(query, 1, Filter.PageSize);
            }
            _reloads.Reloaded();
            _loaded = true;
            if (page.TooBroad)
            {
                Snackbar.Add($"Sorting by this column reads every one of the {page.TotalCount:N0} orders listed; narrow the list with a status, customer or dates, or sort by created, status or customer.", Severity.Warning);
            }
            return new GridData<OrderSummary> { Items = page.Items, TotalItems = page.TotalCount };
        }
        catch (Exception ex) when (ClusterFailures.IsTransient(ex))
        {
            Snackbar.Add($"The order list could not be loaded: {ex.Message}", Severity.Error);
            return new GridData<OrderSummary> { Items = [], TotalItems = 0 };
        }
    }

    /// <summary>A click anywhere in a row opens the order, unless it asked for a new tab or window (the id's link does that).</summary>
    private void OpenRow(DataGridRowClickEventArgs<OrderSummary> e)
    {
        if (e.MouseEventArgs is { CtrlKey: false, MetaKey: false, ShiftKey: false, Button: 0 })
        {
            Navigation.NavigateTo($"orders/{e.Item.OrderId}");
        }
    }

    private Task OnStatusChanged(OrderStatus? status) => Refilter(Filter with { Status = status });

    private Task OnCustomerChanged(string? customerId) => Refilter(Filter with { CustomerId = string.IsNullOrWhiteSpace(customerId) ? null : customerId.Trim() });

    private Task OnFromChanged(string? day) => Refilter(Filter with { From = OrderListFilter.Day(day) });

    private Task OnToChanged(string? day) => Refilter(Filter with { To = OrderListFilter.Day(day) });

    /// <summary>
    /// A new filter applies at once (so a second change made before the URL moves builds on it), from the first page,
    /// and replaces the URL, which then matches it and reloads nothing more.
    /// </summary>
    private Task Refilter(OrderListFilter filter)
    {
        var onFirstPage = Filter.Page == 1;
        WriteUrl(filter with { Page = 1 });
        // Off the first page, the grid's page parameter going back to it reloads the list.
        return onFirstPage && _grid is not null ? _grid.ReloadServerData() : Task.CompletedTask;
    }

    /// <summary>Takes the list as it now is, and replaces the URL with it (Back leaves the list rather than undoing a click).</summary>
    private void WriteUrl(OrderListFilter filter)
    {
        Filter = filter;
        var uri = Navigation.GetUriWithQueryParameters(filter.ToQueryParameters());
        if (uri != Navigation.Uri)
        {
            _written.Enqueue(uri);
            Navigation.NavigateTo(uri, replace: true);
        }
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
