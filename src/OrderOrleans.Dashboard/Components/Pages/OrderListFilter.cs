using System.Globalization;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Components.Pages;

/// <summary>
/// The order list's filter, sort and page as the page and its URL hold them (so a reload, Back from an order or a shared
/// link shows the same list); <see cref="ToQuery"/> turns the days into [from, to + 1 day).
/// </summary>
/// <param name="Page">The page shown, from 1.</param>
internal sealed record OrderListFilter(OrderStatus? Status, string? CustomerId, DateOnly? From, DateOnly? To,
    OrderListSort Sort = OrderListSort.Newest, int Page = 1, int PageSize = OrderListFilter.DefaultPageSize)
{
    public const int DefaultPageSize = 20;
    public static readonly IReadOnlyList<int> PageSizes = [10, DefaultPageSize, 50, 100];

    private const string DayFormat = "yyyy-MM-dd";

    /// <summary>Each sort as a user reads it.</summary>
    public static readonly IReadOnlyList<(OrderListSort Sort, string Name)> SortNames =
    [
        (OrderListSort.Newest, "Newest first"),
        (OrderListSort.Oldest, "Oldest first"),
        (OrderListSort.TotalDescending, "Highest total"),
        (OrderListSort.TotalAscending, "Lowest total"),
        (OrderListSort.Customer, "Customer"),
        (OrderListSort.Status, "Status"),
    ];

    /// <summary>Each sort's name in the URL; the default (newest first) is left out.</summary>
    private static readonly Dictionary<OrderListSort, string> s_sortNames = new()
    {
        [OrderListSort.Oldest] = "oldest",
        [OrderListSort.TotalDescending] = "total-desc",
        [OrderListSort.TotalAscending] = "total",
        [OrderListSort.Customer] = "customer",
        [OrderListSort.Status] = "status",
    };

    public OrderListQuery ToQuery() => new(
        Status,
        CustomerId,
        From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
        To is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
        0,
        Sort);

    /// <summary>The list of a URL's query; a value that does not parse is left out (a hand-edited link still shows a list).</summary>
    public static OrderListFilter Parse(string? status, string? customer, string? from, string? to, string? sort = null, string? page = null, string? size = null) => new(
        Enum.TryParse<OrderStatus>(status, ignoreCase: true, out var s) ? s : null,
        string.IsNullOrWhiteSpace(customer) ? null : customer.Trim(),
        Day(from),
        Day(to),
        s_sortNames.FirstOrDefault(n => string.Equals(n.Value, sort, StringComparison.OrdinalIgnoreCase)).Key,
        int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1,
        int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var z) && PageSizes.Contains(z) ? z : DefaultPageSize);

    private static DateOnly? Day(string? value) =>
        DateOnly.TryParseExact(value, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static string? Text(DateOnly? day) => day?.ToString(DayFormat, CultureInfo.InvariantCulture);

    /// <summary>The URL's query parameters; defaults are left out (null removes a parameter), so a plain list has a plain URL.</summary>
    public IReadOnlyDictionary<string, object?> ToQueryParameters() => new Dictionary<string, object?>
    {
        ["status"] = Status?.ToString(),
        ["customer"] = CustomerId,
        ["from"] = Text(From),
        ["to"] = Text(To),
        ["sort"] = s_sortNames.GetValueOrDefault(Sort),
        ["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture),
        ["size"] = PageSize == DefaultPageSize ? null : PageSize.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The sort a click on a column's header gives: its first direction, then the other, then back to newest first.</summary>
    public OrderListSort SortAfterClick(string column) => (column, Sort) switch
    {
        (nameof(OrderSummary.CreatedAt), OrderListSort.Oldest) => OrderListSort.Newest,
        (nameof(OrderSummary.CreatedAt), _) => OrderListSort.Oldest,
        (nameof(OrderSummary.Total), OrderListSort.TotalAscending) => OrderListSort.TotalDescending,
        (nameof(OrderSummary.Total), OrderListSort.TotalDescending) => OrderListSort.Newest,
        (nameof(OrderSummary.Total), _) => OrderListSort.TotalAscending,
        (nameof(OrderSummary.CustomerId), OrderListSort.Customer) => OrderListSort.Newest,
        (nameof(OrderSummary.CustomerId), _) => OrderListSort.Customer,
        (nameof(OrderSummary.Status), OrderListSort.Status) => OrderListSort.Newest,
        (nameof(OrderSummary.Status), _) => OrderListSort.Status,
        _ => Sort,
    };

    /// <summary>A column's <c>aria-sort</c> for this sort (newest first is the created column, descending).</summary>
    public string DirectionOf(string column) => (column, Sort) switch
    {
        (nameof(OrderSummary.CreatedAt), OrderListSort.Oldest) => "ascending",
        (nameof(OrderSummary.CreatedAt), OrderListSort.Newest) => "descending",
        (nameof(OrderSummary.Total), OrderListSort.TotalDescending) => "descending",
        (nameof(OrderSummary.Total), OrderListSort.TotalAscending) => "ascending",
        (nameof(OrderSummary.CustomerId), OrderListSort.Customer) => "ascending",
        (nameof(OrderSummary.Status), OrderListSort.Status) => "ascending",
        _ => "none",
    };
}
