using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Components.Pages;

/// <summary>The live order list: server-side paging, sorting and filters over the order-list projection, reloaded as events arrive.</summary>
public sealed partial class OrderListPage
{
    private readonly ReloadThrottle _reloads = new(TimeSpan.FromMilliseconds(250));
    private IReadOnlyList<OrderSummary> _orders = [];
    private long _total;
    private bool _loaded;
    private bool _loading;
    private int _loads;

    [Inject] private IGrainFactory Grains { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private IJSRuntime JS { get; set; } = null!;
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

    /// <summary>The list a URL asks for: on opening, and on a link to the list followed from the list itself.</summary>
    protected override Task OnParametersSetAsync()
    {
        var filter = OrderListFilter.Parse(StatusQuery, CustomerQuery, FromQuery, ToQuery, SortQuery, PageQuery, SizeQuery);
        if (_loaded && filter == Filter)
        {
            return Task.CompletedTask;
        }
        Filter = filter;
        return Load();
    }

    private async Task Load()
    {
        // Only the latest load shows: one that a later click or event overtook is dropped.
        var load = ++_loads;
        _loading = true;
        try
        {
            if (Filter.Page * Filter.PageSize > IReadModelGrain.MaxDepth)
            {
                Snackbar.Add($"The list shows the first {IReadModelGrain.MaxDepth:N0} orders; narrow it with a status, customer or dates to see others.", Severity.Warning);
                (_orders, _total) = ([], IReadModelGrain.MaxDepth);
                return;
            }
            var query = Filter.ToQuery();
            var page = await Grains.Grain<IReadModelGrain>(0).ListOrders(query, Filter.Page, Filter.PageSize);
            if (load != _loads)
            {
                return;
            }
            if (page.Items.Count == 0 && Filter.Page > 1)
            {
                // Past the last page (a link from when there were more orders): the first page instead.
                await WriteUrl(Filter with { Page = 1 });
                page = await Grains.Grain<IReadModelGrain>(0).ListOrders(query, 1, Filter.PageSize);
            }
            (_orders, _total) = (page.Items, page.TotalCount);
            _reloads.Reloaded();
            if (page.TooBroad)
            {
                Snackbar.Add($"Sorting by this column reads every one of the {page.TotalCount:N0} orders listed; narrow the list with a status, customer or dates, or sort by created, status or customer.", Severity.Warning);
            }
        }
        catch (Exception ex) when (ClusterFailures.IsTransient(ex))
        {
            Snackbar.Add($"The order list could not be loaded: {ex.Message}", Severity.Error);
        }
        finally
        {
            if (load == _loads)
            {
                _loaded = true;
                _loading = false;
            }
        }
    }

    /// <summary>A click anywhere in a row opens the order, unless it asked for a new tab or window (the id's link does that).</summary>
    private void OpenRow(MouseEventArgs e, string orderId)
    {
        if (e is { CtrlKey: false, MetaKey: false, ShiftKey: false, Button: 0 })
        {
            Navigation.NavigateTo($"orders/{orderId}");
        }
    }

    private Task OnStatusChanged(string? status) =>
        Refilter(Filter with { Status = Enum.TryParse<OrderStatus>(status, out var parsed) ? parsed : null });

    private Task OnCustomerChanged(string? customer) =>
        Refilter(Filter with { CustomerId = string.IsNullOrWhiteSpace(customer) ? null : customer.Trim() });

    private Task OnFromChanged(DateOnly? day) => Refilter(Filter with { From = day });

    private Task OnToChanged(DateOnly? day) => Refilter(Filter with { To = day });

    private Task OnSortChanged(string? sort) =>
        Refilter(Filter with { Sort = Enum.TryParse<OrderListSort>(sort, out var parsed) ? parsed : OrderListSort.Newest });

    private Task SortBy(string column) => Refilter(Filter with { Sort = Filter.SortAfterClick(column) });

    private Task GoToPage(int page) => Show(Filter with { Page = page });

    private Task SetPageSize(int size) => Refilter(Filter with { PageSize = size });

    /// <summary>A new filter, sort or page size shows the first page.</summary>
    private Task Refilter(OrderListFilter filter) => Show(filter with { Page = 1 });

    private async Task Show(OrderListFilter filter)
    {
        await WriteUrl(filter);
        await Load();
    }

    /// <summary>
    /// Takes the list as it now is, and replaces the URL with it in the browser only (Back leaves the list rather than
    /// undoing a click; a navigation would fetch the page from the server again).
    /// </summary>
    private async Task WriteUrl(OrderListFilter filter)
    {
        Filter = filter;
        if (RendererInfo.IsInteractive)
        {
            await JS.InvokeVoidAsync("orderOrleans.replaceUrl", Navigation.GetUriWithQueryParameters(filter.ToQueryParameters()));
        }
    }

    /// <summary>
    /// An order changed somewhere in the cluster: reload at most every 250 ms however busy it gets, and not at all for
    /// another customer's order while the list is filtered to one (an order keeps its customer).
    /// </summary>
    protected override Task OnEvent(FeedEvent item) => Filter.CustomerId is { } customer && item.CustomerId != customer
        ? Task.CompletedTask
        : InvokeAsync(() => _reloads.Request(async () =>
        {
            await Load();
            StateHasChanged();
        }));

    private static string Money(decimal amount, string currency) => $"{amount.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)} {currency}";
}
