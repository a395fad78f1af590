using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections.OrderList;

/// <summary>A list page from the shards' slices, each already sorted: merged up to the page it needs.</summary>
public static class OrderListMerge
{
    /// <summary>Items <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> of the merged slices.</summary>
    public static List<OrderSummary> Page(IReadOnlyList<IReadOnlyList<OrderSummary>> sorted, IComparer<OrderSummary> order, int skip, int take)
    {
        var heads = new PriorityQueue<(int Slice, int Index), OrderSummary>(sorted.Count, order);
        for (var s = 0; s < sorted.Count; s++)
        {
            if (sorted[s].Count > 0)
            {
                heads.Enqueue((s, 0), sorted[s][0]);
            }
        }
        var page = new List<OrderSummary>(Math.Max(take, 0));
        for (var position = 0; position < skip + take && heads.TryDequeue(out var head, out var summary); position++)
        {
            if (position >= skip)
            {
                page.Add(summary);
            }
            if (head.Index + 1 < sorted[head.Slice].Count)
            {
                heads.Enqueue((head.Slice, head.Index + 1), sorted[head.Slice][head.Index + 1]);
            }
        }
        return page;
    }
}
