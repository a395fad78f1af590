using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Projections.OrderList;

namespace OrderOrleans.Tests.Projections;

/// <summary>The merge that serves list pages gives exactly what sorting everything would, for every sort and page.</summary>
public class OrderListMergeTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly OrderSummary[] Orders = [.. Enumerable.Range(0, 500).Select(i => new OrderSummary(
        $"o-{i:D3}", $"c-{i % 7}", (OrderStatus)(i % 4), "USD", i * 37 % 101, 0m, 1,
        Start.AddMinutes(i * 13 % 97), Start, null, 1, null))];

    public static TheoryData<OrderListSort, int> Cases()
    {
        var cases = new TheoryData<OrderListSort, int>();
        foreach (var sort in Enum.GetValues<OrderListSort>())
        {
            foreach (var take in new[] { 0, 1, 20, 100, 1000 })
            {
                cases.Add(sort, take);
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Merging_sorted_shard_slices_gives_the_page_a_full_sort_would(OrderListSort sort, int pageSize)
    {
        var order = OrderListOrder.For(sort);
        var slices = Orders.GroupBy(s => s.OrderId.GetHashCode(StringComparison.Ordinal) & 15)
            .Select(g => (IReadOnlyList<OrderSummary>)[.. g.Order(order)]).ToList();
        var all = Orders.Order(order).ToList();

        foreach (var page in new[] { 1, 2, 7 })
        {
            OrderListMerge.Page(slices, order, (page - 1) * pageSize, pageSize)
                .ShouldBe(all.Skip((page - 1) * pageSize).Take(pageSize).ToList());
        }
    }
}
