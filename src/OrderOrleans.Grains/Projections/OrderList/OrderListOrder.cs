using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections.OrderList;

/// <summary>
/// The list's orders for each sort, as the index rows hold them (<see cref="OrderListKeys"/>): by status or customer,
/// then newest first; every sort ends with the order id, so pages are stable.
/// </summary>
public static class OrderListOrder
{
    private static readonly Dictionary<OrderListSort, IComparer<OrderSummary>> s_comparers = new()
    {
        [OrderListSort.Newest] = By((x, y) => y.CreatedAt.CompareTo(x.CreatedAt)),
        [OrderListSort.Oldest] = By((x, y) => x.CreatedAt.CompareTo(y.CreatedAt)),
        [OrderListSort.TotalDescending] = By((x, y) => y.Total.CompareTo(x.Total)),
        [OrderListSort.TotalAscending] = By((x, y) => x.Total.CompareTo(y.Total)),
        [OrderListSort.Customer] = By((x, y) => Then(string.CompareOrdinal(x.CustomerId, y.CustomerId), y.CreatedAt.CompareTo(x.CreatedAt))),
        [OrderListSort.Status] = By((x, y) => Then(x.Status.CompareTo(y.Status), y.CreatedAt.CompareTo(x.CreatedAt))),
    };

    public static IComparer<OrderSummary> For(OrderListSort sort) => s_comparers[sort];

    private static int Then(int first, int second) => first != 0 ? first : second;

    private static Comparer<OrderSummary> By(Func<OrderSummary, OrderSummary, int> key) => Comparer<OrderSummary>.Create((x, y) =>
        Then(key(x, y), string.CompareOrdinal(x.OrderId, y.OrderId)));
}
