using OrderOrleans.Contracts.Orders;

namespace OrderOrleans.Contracts.Projections;

/// <summary>How the order list is ordered; ties are broken by order id, so pages are stable.</summary>
public enum OrderListSort
{
    Newest,
    Oldest,
    TotalDescending,
    TotalAscending,
    Customer,
    Status,
}

/// <summary>A filter over the order list; null members match everything. <see cref="Take"/> is how many of the first a shard returns.</summary>
[GenerateSerializer, Immutable, Alias("OrderListQuery")]
public sealed record OrderListQuery(
    [property: Id(0)] OrderStatus? Status,
    [property: Id(1)] string? CustomerId,
    [property: Id(2)] DateTimeOffset? From,
    [property: Id(3)] DateTimeOffset? To,
    [property: Id(4)] int Take,
    [property: Id(5)] OrderListSort Sort = OrderListSort.Newest);

/// <summary>A shard's answer: its newest matches (newest first) and how many matched in all.</summary>
[GenerateSerializer, Immutable, Alias("OrderListSlice")]
public sealed record OrderListSlice(
    [property: Id(0)] IReadOnlyList<OrderSummary> Items,
    [property: Id(1)] int TotalCount);

/// <summary>A page of the order list, newest first; <see cref="TotalCount"/> counts every match.</summary>
[GenerateSerializer, Immutable, Alias("OrderListPage")]
public sealed record OrderListPage(
    [property: Id(0)] IReadOnlyList<OrderSummary> Items,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] int TotalCount);
