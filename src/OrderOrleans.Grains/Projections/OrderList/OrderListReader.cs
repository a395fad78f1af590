using System.Text.Json;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Projections.Tallies;

namespace OrderOrleans.Grains.Projections.OrderList;

/// <summary>
/// Answers an order-list query from one shard's rows. Sorted by creation time, status or customer, a page is a range
/// query over the index family laid out for it (<see cref="OrderListKeys"/>), starting after the cursor; oldest-first
/// walks the creation days upwards (the day counts say which hold orders). Sorts by total read every match, so they are
/// allowed only while the counters say the matches fit the shard's budget of rows per query. The total count comes from
/// the counters (<see cref="OrderListCounts"/>); only a date range's partly covered first and last days are counted.
/// First pages of the families most asked for come from the shard's heads in memory (<see cref="OrderListHeads"/>).
/// Whatever the query, a shard reads at most <c>budget</c> rows to count and as many for the page, and otherwise
/// answers "too broad".
/// </summary>
public sealed class OrderListReader(
    TallyStore rows, string table, int generation, int shard, int budget, Func<string, Task<OrderListCounts?>> counts, OrderListHeads heads)
{
    private static readonly TimeSpan s_day = TimeSpan.FromDays(1);
    private int _read;

    public async Task<OrderListSlice> Read(OrderListQuery query)
    {
        if (await Count(query) is not { } total)
        {
            return new([], 0, TooBroad: true);
        }
        // Counting and reading the page each have the budget.
        _read = 0;
        var order = OrderListOrder.For(query.Sort);
        var after = query.After?.Place();
        var wanted = WantedBy(query, after);
        var items = new List<OrderSummary>(Math.Min(query.Take, 1000));
        var answered = query.Sort switch
        {
            OrderListSort.Newest => await Scan(OrderListKeys.FamilyFor(query.CustomerId, query.Status), query, after, wanted, items),
            OrderListSort.Status when query.CustomerId is null => await ByStatus(query, after, wanted, items),
            OrderListSort.Customer when query.CustomerId is null => await Scan(OrderListKeys.Customers, query with { From = null, To = null }, after, wanted, items),
            OrderListSort.Oldest when query.CustomerId is null => await ByDay(query, after, wanted, items),
            _ => total <= budget && await Everything(query, wanted, order, items),
        };
        return answered ? new(items, total) : new([], total, TooBroad: true);
    }

    /// <summary>
    /// A page newest first of every order or of a status, without dates, from heads already in memory (safe from any
    /// thread): what <see cref="Read"/> would answer, or null when it would read storage. <paramref name="all"/>: the shard's counts.
    /// </summary>
    public static OrderListSlice? FromLoadedHeads(OrderListQuery query, OrderListHeads heads, OrderListCounts all)
    {
        if (query is not { Sort: OrderListSort.Newest, CustomerId: null, From: null, To: null })
        {
            return null;
        }
        var family = OrderListKeys.FamilyFor(null, query.Status);
        var after = query.After?.Place();
        var (start, excluded, stop) = Bounds(family, query, after);
        return heads.TryRead(family, start, excluded, stop, WantedBy(query, after), query.Take) is { } items ? new(items, all.Count(query.Status)) : null;
    }

    private static Func<OrderSummary, bool> WantedBy(OrderListQuery query, OrderSummary? after)
    {
        var order = OrderListOrder.For(query.Sort);
        return s => Matches(query, s) && (after is null || order.Compare(s, after) > 0);
    }

    /// <summary>Where a family's rows created in [From, To) after the cursor start (and whether the start is excluded), and where they stop.</summary>
    private static (string Start, bool Excluded, string Stop) Bounds(string family, OrderListQuery query, OrderSummary? after)
    {
        var start = OrderListKeys.Start(family, query.To);
        var afterKey = after is null ? null : OrderListKeys.Key(family, after);
        var excluded = afterKey is not null && string.CompareOrdinal(afterKey, start) >= 0;
        return (excluded ? afterKey! : start, excluded, OrderListKeys.Stop(family, query.From));
    }

    private static bool Matches(OrderListQuery query, OrderSummary s) =>
        (query.Status is null || s.Status == query.Status) &&
        (query.CustomerId is null || s.CustomerId == query.CustomerId) &&
        (query.From is null || s.CreatedAt >= query.From) &&
        (query.To is null || s.CreatedAt < query.To);

    /// <summary>Wanted rows of a family in key order (its rows created in [From, To)), after the cursor, up to Take: from its head in memory when that holds them.</summary>
    private async Task<bool> Scan(string family, OrderListQuery query, OrderSummary? after, Func<OrderSummary, bool> wanted, List<OrderSummary> into)
    {
        var (start, excluded, stop) = Bounds(family, query, after);
        if (await heads.Read(family, start, excluded, stop, wanted, query.Take - into.Count, n => Head(family, n)) is { } cached)
        {
            into.AddRange(cached);
            return true;
        }
        return await Rows(start, excluded, stop, wanted, into, query.Take);
    }

    /// <summary>A family's first <paramref name="count"/> rows, and whether they are all it has.</summary>
    private async Task<(List<(string Key, OrderSummary Row)> Rows, bool Complete)> Head(string family, int count)
    {
        var read = new List<(string Key, OrderSummary Row)>();
        await foreach (var (key, data) in rows.ScanAsync(table, generation, shard, family, false, OrderListKeys.End(family), count + 1))
        {
            if (read.Count == count)
            {
                return (read, false);
            }
            read.Add((key, TallyStore.Summary(data)));
        }
        return (read, true);
    }

    /// <summary>Status, then newest: each status's family in turn, from the cursor's.</summary>
    private async Task<bool> ByStatus(OrderListQuery query, OrderSummary? after, Func<OrderSummary, bool> wanted, List<OrderSummary> into)
    {
        foreach (var status in Enum.GetValues<OrderStatus>().Where(s => (query.Status ?? s) == s && (after is null || s >= after.Status)))
        {
            // The cursor is a place in its own status's rows; a later status is read from its start.
            if (into.Count >= query.Take || !await Scan(OrderListKeys.StatusPrefix(status), query, status == after?.Status ? after : null, wanted, into))
            {
                return into.Count >= query.Take;
            }
        }
        return true;
    }

    /// <summary>Oldest first: the days that have matching orders, upwards from the cursor's; each day's rows sorted in memory.</summary>
    private async Task<bool> ByDay(OrderListQuery query, OrderSummary? after, Func<OrderSummary, bool> wanted, List<OrderSummary> into)
    {
        var family = OrderListKeys.FamilyFor(null, query.Status);
        var from = after is null ? query.From : after.CreatedAt;
        await foreach (var (day, dayCounts) in Days(from, query.To))
        {
            if (dayCounts.Count(query.Status) == 0)
            {
                continue;
            }
            var (lo, hi) = Within(day, query);
            var rows = new List<OrderSummary>();
            if (!await Rows(OrderListKeys.Start(family, hi), false, OrderListKeys.Stop(family, lo), wanted, rows, int.MaxValue))
            {
                return false;
            }
            rows.Sort(OrderListOrder.For(OrderListSort.Oldest));
            into.AddRange(rows.Take(query.Take - into.Count));
            if (into.Count >= query.Take)
            {
                break;
            }
        }
        return true;
    }

    /// <summary>Every match (the counters said they fit the budget), sorted in memory.</summary>
    private async Task<bool> Everything(OrderListQuery query, Func<OrderSummary, bool> wanted, IComparer<OrderSummary> order, List<OrderSummary> into)
    {
        var family = OrderListKeys.FamilyFor(query.CustomerId, query.Status);
        var all = new List<OrderSummary>();
        if (!await Rows(OrderListKeys.Start(family, query.To), false, OrderListKeys.Stop(family, query.From), wanted, all, int.MaxValue))
        {
            return false;
        }
        all.Sort(order);
        into.AddRange(all.Take(query.Take));
        return true;
    }

    /// <summary>How many match; null when counting would take more rows than the budget.</summary>
    private async Task<int?> Count(OrderListQuery query)
    {
        if (query.From is null && query.To is null)
        {
            return (await counts(query.CustomerId is { } c ? OrderListCounts.Customer(c) : OrderListCounts.All))?.Count(query.Status) ?? 0;
        }
        var family = OrderListKeys.FamilyFor(query.CustomerId, query.Status);
        if (query.CustomerId is not null)
        {
            return await Counted(family, query.From, query.To, query);
        }
        var total = 0;
        await foreach (var (day, dayCounts) in Days(query.From, query.To))
        {
            var (lo, hi) = Within(day, query);
            var counted = lo == Start(day) && hi == Start(day) + s_day ? dayCounts.Count(query.Status) : await Counted(family, lo, hi, query);
            if (counted is null)
            {
                return null;
            }
            total += counted.Value;
        }
        return total;
    }

    /// <summary>The matches of a family created in [from, to), counted row by row; null past the budget.</summary>
    private async Task<int?> Counted(string family, DateTimeOffset? from, DateTimeOffset? to, OrderListQuery query)
    {
        var matched = new List<OrderSummary>();
        return await Rows(OrderListKeys.Start(family, to), false, OrderListKeys.Stop(family, from), s => Matches(query, s), matched, int.MaxValue)
            ? matched.Count
            : null;
    }

    /// <summary>The day counts of the days from <paramref name="from"/>'s to the last before <paramref name="to"/>, oldest first.</summary>
    private async IAsyncEnumerable<(DateOnly Day, OrderListCounts Counts)> Days(DateTimeOffset? from, DateTimeOffset? to)
    {
        var prefix = TallyStore.TallyKey(OrderListCounts.DayPrefix);
        var start = from is { } f ? TallyStore.TallyKey(OrderListCounts.Day(OrderListCounts.DayOf(f))) : prefix;
        var last = to is { } t ? OrderListCounts.DayOf(t.AddTicks(-1)) : DateOnly.MaxValue;
        await foreach (var (key, data) in rows.ScanAsync(table, generation, shard, start, false, OrderListKeys.End(prefix), 400))
        {
            var day = DateOnly.ParseExact(key[prefix.Length..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (day > last)
            {
                yield break;
            }
            yield return (day, JsonSerializer.Deserialize<OrderListCounts>(data, TallyStore.Json)!);
        }
    }

    /// <summary>The part of a day the query covers.</summary>
    private static (DateTimeOffset From, DateTimeOffset To) Within(DateOnly day, OrderListQuery query)
    {
        var start = Start(day);
        var end = start + s_day;
        return (query.From is { } f && f > start ? f : start, query.To is { } t && t < end ? t : end);
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Rows from <paramref name="start"/> to <paramref name="stop"/> in key order, keeping wanted ones up to <paramref name="take"/>; false past the budget.</summary>
    private async Task<bool> Rows(string start, bool startExcluded, string stop, Func<OrderSummary, bool> wanted, List<OrderSummary> into, int take)
    {
        if (into.Count >= take)
        {
            return true;
        }
        await foreach (var (_, data) in rows.ScanAsync(table, generation, shard, start, startExcluded, stop, (int)Math.Min(take - (long)into.Count + 1, 1000)))
        {
            if (++_read > budget)
            {
                return false;
            }
            var summary = TallyStore.Summary(data);
            if (wanted(summary))
            {
                into.Add(summary);
                if (into.Count >= take)
                {
                    return true;
                }
            }
        }
        return true;
    }
}
