using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Caching.Memory;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections.OrderList;

/// <summary>
/// The first rows of the index families the list is most asked for (every order, each status, recently asked
/// customers), kept in one shard's memory as the shard writes them, so first pages cost no storage call. A head is a
/// true prefix of its family: a written row that sorts inside it goes in, one past its end is left to storage, a
/// deleted one comes out. A head is loaded from storage the first time it is asked for; writes committed while it loads
/// are replayed onto it (each is idempotent), so it never misses one. Bounded: <c>rows</c> per head, customers' heads
/// in a cache of about <c>customerRows</c> rows in all. The heads of every order and of each status may be read from
/// any thread (<see cref="TryRead"/>): each head's rows are replaced whole on a write, never changed in place.
/// </summary>
public sealed class OrderListHeads(int rows, int customerRows) : IDisposable
{
    private readonly ConcurrentDictionary<string, Head> _fixed = new(StringComparer.Ordinal);
    private readonly MemoryCache _customers = new(new MemoryCacheOptions { SizeLimit = customerRows });
    private readonly Dictionary<string, (Task<Head> Load, List<(string Key, OrderSummary? Row)> Written)> _loading = new(StringComparer.Ordinal);

    /// <summary>Takes the index rows a transaction wrote (null: deleted) into the heads and the loads in flight.</summary>
    public void Written(IReadOnlyDictionary<string, OrderSummary?> index)
    {
        foreach (var (key, row) in index)
        {
            var family = OrderListKeys.FamilyOf(key);
            if (Find(family) is { } head)
            {
                head.Put(key, row, rows);
            }
            if (_loading.TryGetValue(family, out var loading))
            {
                loading.Written.Add((key, row));
            }
        }
    }

    /// <summary>
    /// The wanted rows of <paramref name="family"/> from <paramref name="start"/> (excluded when asked) to
    /// <paramref name="stop"/>, up to <paramref name="take"/>, when its head holds them all; null when storage must answer.
    /// </summary>
    public async Task<List<OrderSummary>?> Read(
        string family, string start, bool startExcluded, string stop, Func<OrderSummary, bool> wanted, int take,
        Func<int, Task<(List<(string Key, OrderSummary Row)> Rows, bool Complete)>> load)
    {
        if (!OrderListKeys.IsCached(family))
        {
            return null;
        }
        var head = Find(family) ?? await Load(family, load);
        return head.Read(start, startExcluded, stop, wanted, take);
    }

    /// <summary>As <see cref="Read"/> for the head of every order or of a status, only if it is loaded; safe from any thread.</summary>
    public List<OrderSummary>? TryRead(string family, string start, bool startExcluded, string stop, Func<OrderSummary, bool> wanted, int take) =>
        _fixed.TryGetValue(family, out var head) ? head.Read(start, startExcluded, stop, wanted, take) : null;

    public void Dispose() => _customers.Dispose();

    private Head? Find(string family) =>
        _fixed.TryGetValue(family, out var head) ? head : _customers.TryGetValue(family, out Head? customer) ? customer : null;

    private async Task<Head> Load(string family, Func<int, Task<(List<(string Key, OrderSummary Row)> Rows, bool Complete)>> load)
    {
        if (_loading.TryGetValue(family, out var loading))
        {
            return await loading.Load;
        }
        var written = new List<(string Key, OrderSummary? Row)>();
        var task = LoadOnce(family, written, load);
        // A load that finished at once (nothing could be written meanwhile) is installed already.
        if (!task.IsCompleted)
        {
            _loading[family] = (task, written);
        }
        try
        {
            return await task;
        }
        finally
        {
            if (_loading.TryGetValue(family, out var current) && current.Load == task)
            {
                _loading.Remove(family);
            }
        }
    }

    private async Task<Head> LoadOnce(
        string family, List<(string Key, OrderSummary? Row)> written, Func<int, Task<(List<(string Key, OrderSummary Row)> Rows, bool Complete)>> load)
    {
        var (read, complete) = await load(rows);
        var head = new Head(read, complete);
        foreach (var (key, row) in written)
        {
            head.Put(key, row, rows);
        }
        if (OrderListKeys.IsCustomerFamily(family))
        {
            // Sized by the rows it came with: a customer's head rarely grows much while cached.
            _customers.Set(family, head, new MemoryCacheEntryOptions { Size = Math.Max(1, read.Count) });
        }
        else
        {
            _fixed[family] = head;
        }
        return head;
    }

    /// <summary>A family's first rows in key order, and whether they are all it has; replaced whole on each write.</summary>
    private sealed class Head(List<(string Key, OrderSummary Row)> rows, bool complete)
    {
        private volatile Rows _rows = new([.. rows], complete);

        public void Put(string key, OrderSummary? row, int limit)
        {
            var (items, complete) = _rows;
            var at = IndexOf(items, key);
            if (at >= 0)
            {
                _rows = new(row is null ? items.RemoveAt(at) : items.SetItem(at, (key, row)), complete);
                return;
            }
            // Past the end of a head that is not the whole family: storage has rows before it that the head lacks.
            if (row is null || (~at == items.Length && !complete))
            {
                return;
            }
            items = items.Insert(~at, (key, row));
            _rows = items.Length > limit ? new(items.RemoveAt(items.Length - 1), false) : new(items, complete);
        }

        public List<OrderSummary>? Read(string start, bool startExcluded, string stop, Func<OrderSummary, bool> wanted, int take)
        {
            var (items, complete) = _rows;
            var found = new List<OrderSummary>();
            var at = IndexOf(items, start);
            var from = at >= 0 ? (startExcluded ? at + 1 : at) : ~at;
            for (var i = from; i < items.Length; i++)
            {
                var (key, row) = items[i];
                if (string.CompareOrdinal(key, stop) >= 0 || found.Count >= take)
                {
                    return found;
                }
                if (wanted(row))
                {
                    found.Add(row);
                }
            }
            return found.Count >= take || complete ? found : null;
        }

        private static int IndexOf(ImmutableArray<(string Key, OrderSummary Row)> items, string key)
        {
            int lo = 0, hi = items.Length - 1;
            while (lo <= hi)
            {
                var mid = lo + ((hi - lo) >> 1);
                var c = string.CompareOrdinal(items[mid].Key, key);
                if (c == 0)
                {
                    return mid;
                }
                if (c < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }
            return ~lo;
        }

        private sealed record Rows(ImmutableArray<(string Key, OrderSummary Row)> Items, bool Complete);
    }
}
