using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// A list page without sorting everything: each shard keeps only its first <c>take</c> matches (a bounded heap, one
/// pass), and the fan-out merges the shards' sorted slices up to the page it needs.
/// </summary>
public static class OrderListSelection
{
    /// <summary>The first <paramref name="take"/> matches of <paramref name="source"/> in <paramref name="order"/>, and how many matched.</summary>
    public static (List<OrderSummary> Items, int Count) Top(
        IEnumerable<OrderSummary> source, Func<OrderSummary, bool> match, IComparer<OrderSummary> order, int take)
    {
        // A max-heap of what is kept: its root is the worst kept, the one a better match displaces.
        var kept = new PriorityQueue<OrderSummary, OrderSummary>(Math.Max(take, 0) + 1, Comparer<OrderSummary>.Create((x, y) => order.Compare(y, x)));
        var count = 0;
        foreach (var summary in source)
        {
            if (!match(summary))
            {
                continue;
            }
            count++;
            if (kept.Count < take)
            {
                kept.Enqueue(summary, summary);
            }
            else if (take > 0 && order.Compare(summary, kept.Peek()) < 0)
            {
                kept.EnqueueDequeue(summary, summary);
            }
        }
        var items = new List<OrderSummary>(kept.Count);
        items.AddRange(kept.UnorderedItems.Select(i => i.Element));
        items.Sort(order);
        return (items, count);
    }

    /// <summary>Items <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> of the merged, each already sorted, slices.</summary>
    public static List<OrderSummary> Merge(IReadOnlyList<IReadOnlyList<OrderSummary>> sorted, IComparer<OrderSummary> order, int skip, int take)
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
