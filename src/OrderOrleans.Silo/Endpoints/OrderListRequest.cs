using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>
/// The order list's filters, sort and position as REST's query string and GraphQL's arguments both carry them,
/// checked once so both APIs accept and refuse the same lists with the same words.
/// </summary>
public static class OrderListRequest
{
    public const int MaxPageSize = 100;

    /// <summary>The list's sorts by the names both APIs take.</summary>
    public static readonly IReadOnlyDictionary<string, OrderListSort> Sorts = new Dictionary<string, OrderListSort>(StringComparer.OrdinalIgnoreCase)
    {
        ["newest"] = OrderListSort.Newest,
        ["oldest"] = OrderListSort.Oldest,
        ["total-desc"] = OrderListSort.TotalDescending,
        ["total"] = OrderListSort.TotalAscending,
        ["customer"] = OrderListSort.Customer,
        ["status"] = OrderListSort.Status,
    };

    /// <summary>The query, or null with <paramref name="errors"/> naming each argument that is wrong.</summary>
    public static OrderListQuery? Check(
        RequestErrors errors, OrderStatus? status, string? customerId, DateTimeOffset? from, DateTimeOffset? to, string? sort, string? after)
    {
        var order = OrderListSort.Newest;
        if (sort is not null && !Sorts.TryGetValue(sort, out order))
        {
            errors.Add("sort", $"sort must be one of {string.Join(", ", Sorts.Keys)}.");
        }
        errors.CheckId(customerId, "customerId");
        if (from > to)
        {
            errors.Add("from", "from must not be after to.");
        }
        OrderListCursor? cursor = null;
        if (after is not null && (!OrderListCursor.TryParse(after, out cursor) || cursor!.Sort != order))
        {
            errors.Add("after", "after must be the next token (cursor) of a page of the same list (same sort and filters).");
        }
        return errors.Any ? null : new OrderListQuery(status, customerId, from, to, 0, order) { After = cursor };
    }

    /// <summary>Why a page was refused as too broad (code <c>list.too-broad</c>), and what narrows it.</summary>
    public static string TooBroad(OrderListPage page, string? sort) =>
        $"Sorting {page.TotalCount} orders by {sort} reads every one of them; narrow the list with status, customerId or from/to, or sort by newest, status or customer.";
}
