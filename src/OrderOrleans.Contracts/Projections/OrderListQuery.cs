using System.Text.Json.Serialization;
using OrderOrleans.Domain;

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

/// <summary>
/// A filter over the order list; null members match everything. <see cref="Take"/> is how many of the first a shard
/// returns, after <see cref="After"/> when given (the last order of the page before).
/// </summary>
[GenerateSerializer, Immutable, Alias("OrderListQuery")]
public sealed record OrderListQuery(
    [property: Id(0)] OrderStatus? Status,
    [property: Id(1)] string? CustomerId,
    [property: Id(2)] DateTimeOffset? From,
    [property: Id(3)] DateTimeOffset? To,
    [property: Id(4)] int Take,
    [property: Id(5)] OrderListSort Sort = OrderListSort.Newest)
{
    [Id(6)] public OrderListCursor? After { get; init; }
}

/// <summary>
/// A shard's answer: its first matches in the query's order and how many matched in all. <see cref="TooBroad"/>: the
/// answer would have read more rows than a shard may for one query (a sort the storage is not laid out for, over too
/// many orders), so nothing is answered.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrderListSlice")]
public sealed record OrderListSlice(
    [property: Id(0)] IReadOnlyList<OrderSummary> Items,
    [property: Id(1)] int TotalCount,
    [property: Id(2)] bool TooBroad = false);

/// <summary>
/// A page of the order list; <see cref="TotalCount"/> counts every match. <see cref="Next"/>, when there are more, is
/// the token that asks for the page after this one (<c>after=</c>), however deep.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrderListPage")]
public sealed record OrderListPage(
    [property: Id(0)] IReadOnlyList<OrderSummary> Items,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] int TotalCount,
    [property: Id(4)] string? Next = null)
{
    /// <summary>True when the query was refused as too broad (see <see cref="OrderListSlice.TooBroad"/>); never sent as JSON.</summary>
    [Id(5), JsonIgnore] public bool TooBroad { get; init; }
}
