using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.Projections.Tallies;

/// <summary>
/// One shard of a tally projection: figures that are sums over orders (per product, per customer, per day). For each
/// order it keeps a checkpoint (the <see cref="OrderFacts"/> it applied) and moves the order's contribution as the order
/// changes: the old one out, the new one in, stored with the checkpoint in one transaction, so a repeat or a stale change
/// changes nothing and no order is ever recounted. Checkpoints sit in a bounded cache and are read when missing, except
/// for a change that creates its order: that is inserted, and only if the insert finds the order there already (a
/// repeat) is the checkpoint read. Tallies are all in memory when their keys are bounded (<see cref="HoldsAllTallies"/>),
/// else cached and read by key. Every row is written at the ETag it was read with, so a stale cache entry or a second
/// writer (a duplicate activation) fails the transaction and the shard reloads from storage rather than build on what
/// it did not see. While rebuilding, live changes go to both generations.
/// </summary>
public abstract partial class TallyShardGrain<TTally>(TallyServices services, ILogger logger)
    : ShardConsumerGrain(services.Stats, services.Screen, services.Options, services.Time, logger), IProjectionShardGrain, IDisposable
    where TTally : class, ITally<TTally>
{
    /// <summary>Point reads a batch has in flight at once: a share of the storage clients' connections.</summary>
    private const int ReadsAtOnce = 16;

    private readonly TallyStore _store = services.Store;
    private readonly ProjectionStore _projections = services.Projections;
    private readonly int _cachedOrders = services.Options.Value.CachedOrdersPerShard;
    private readonly TallyStoreTurns _turns = services.Turns;
    private Generation _current = null!;
    private Generation? _next;

    /// <summary>The table's name without generation and shard (<c>Products</c> stores in <c>ProductsG1S00</c>...).</summary>
    protected string Table => ProjectionShards.TableOf(Name);

    /// <summary>True when the keys are bounded by something other than the orders (products, days): all are held in memory.</summary>
    protected abstract bool HoldsAllTallies { get; }

    /// <summary>
    /// True when the shard's stores wait for one of the silo's turns (<see cref="TallyStoreTurns"/>); false for a view the
    /// live feed or a command waits for, which stores at once.
    /// </summary>
    protected abstract bool TakesTurns { get; }

    /// <summary>What the order adds to each key's tally.</summary>
    protected abstract IEnumerable<(string Key, TTally Contribution)> Contribute(OrderFacts order);

    protected abstract TTally Empty(string key);

    /// <summary>
    /// Rows that find the order by what a query asks (row key and the summary they hold). They are stored with the
    /// order's checkpoint and moved when a key changes, so they never disagree with it.
    /// </summary>
    protected virtual IEnumerable<string> Index(OrderSummary order) => [];

    /// <summary>Runs once a batch is stored in the answering generation; <paramref name="previous"/> holds the version each applied order had before.</summary>
    protected virtual Task Applied(IReadOnlyList<OrderChange> changes, IReadOnlyDictionary<string, int> previous) => Task.CompletedTask;

    /// <summary>Runs after a transaction was stored in <paramref name="generation"/>, with the index rows it wrote (null: deleted) and the tallies it moved.</summary>
    protected virtual void Committed(int generation, IReadOnlyDictionary<string, OrderSummary?> index, IReadOnlyDictionary<string, Held<TTally>> tallies)
    {
    }

    /// <summary>Runs when the shard drops what it cached of <paramref name="generation"/>: its rows changed under it.</summary>
    protected virtual void Forgot(int generation)
    {
    }

    /// <summary>The generation queries read.</summary>
    protected int AnsweringGeneration => _current.Number;

    protected TallyStore Rows => _store;

    /// <summary>Every tally of this shard; only for projections that hold them all.</summary>
    protected IEnumerable<TTally> AllTallies => (_current.All ?? throw new InvalidOperationException($"{Name} does not hold all its tallies.")).Values.Select(h => h.Value);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var meta = await _projections.GetMetaAsync(Name);
        _current = await Open(meta.ActiveGeneration);
        if (meta.IsRebuilding)
        {
            _next = await Open(meta.RebuildGeneration);
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _next?.Dispose();
        }
    }

    /// <summary>A tally of the answering generation, from memory or storage; null when no order contributed to it.</summary>
    protected async Task<TTally?> Find(string key) => Stored(await Tally(_current, key));

    /// <summary>
    /// After the writes started before it: a store's rows can be in storage before its continuation has taken them into
    /// the heads and caches the queries read, and a reader told "held" must then find it (Consistency-Token).
    /// </summary>
    public Task<int> GetVersion(string orderId) => Serialized(async () => await HeldVersion(orderId));

    public Task Apply(OrderChange change) => Serialized(() => Store([change]));

    protected override Task InTurn(Func<Task> store) => TakesTurns ? _turns.InTurn(store) : store();

    protected override async ValueTask<int> HeldVersion(string orderId) => (await Checkpoint(_current, orderId))?.Value.Version ?? 0;

    protected override async Task<IReadOnlySet<OrderSummary>> Store(IReadOnlyList<OrderChange> changes)
    {
        // An order whose first event is in the batch is created by it: inserted, not read, unless seen before. Created and
        // placed often come in one batch, whose newest change (the one applied) then does not hold the first event.
        var created = changes.Where(c => c.Events is [{ Version: 1 }, ..]).Select(c => c.Summary.OrderId).ToHashSet(StringComparer.Ordinal);
        var facts = Newest(changes, _ => true).Select(c => (OrderFacts.Of(c), created.Contains(c.Summary.OrderId))).ToList();
        var applied = await Apply(_current, facts);
        if (_next is not null)
        {
            await Apply(_next, facts);
        }
        if (applied.Count > 0)
        {
            await Applied(changes, applied.ToDictionary(a => a.Key.OrderId, a => a.Value, StringComparer.Ordinal));
        }
        return applied.Keys.ToHashSet();
    }

    private async Task<Dictionary<OrderSummary, int>> Apply(Generation generation, IReadOnlyList<(OrderFacts Facts, bool Creates)> facts)
    {
        try
        {
            return await ApplyOnce(generation, facts);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            // Orders taken as new were stored before (a repeat), or another writer moved a tally: once more, from storage.
            // Groups already stored are skipped now as repeats. Repeats rarely come alone (a message delivered again
            // holds many orders, and a backlog many messages), so no order of the batch is taken as new now: one retry
            // finds them all, where one conflict per later group (each failing the batch into a backoff) stalled a
            // backlog of thousands for minutes.
            foreach (var (order, _) in facts)
            {
                generation.MustRead.Add(order.Summary.OrderId);
            }
            return await ApplyOnce(generation, facts);
        }
    }

    /// <summary>Stores what is newer than each order's checkpoint; answers the applied summaries with the version each order had.</summary>
    private async Task<Dictionary<OrderSummary, int>> ApplyOnce(Generation generation, IReadOnlyList<(OrderFacts Facts, bool Creates)> facts)
    {
        // A change that creates its order is taken as new (inserted, not read) unless this shard has seen the order.
        var news = facts.Select(f => f.Creates && !generation.MustRead.Contains(f.Facts.Summary.OrderId) && !generation.Orders.TryGetValue(f.Facts.Summary.OrderId, out _)).ToList();
        await Prefetch(generation, facts, news);
        var applied = new Dictionary<OrderSummary, int>();
        var group = new Group();
        for (var i = 0; i < facts.Count; i++)
        {
            var (next, isNew) = (facts[i].Facts, news[i]);
            var orderId = next.Summary.OrderId;
            var stored = isNew ? null : await Checkpoint(generation, orderId);
            var previous = stored?.Value;
            if (previous is not null && previous.Version >= next.Version)
            {
                // A repeat: its checkpoint is known now.
                generation.MustRead.Remove(orderId);
                continue;
            }
            var taken = previous is null ? [] : Contribute(previous).ToList();
            var given = Contribute(next).ToList();
            var keys = taken.Concat(given).Select(c => c.Key).Distinct(StringComparer.Ordinal).ToList();
            var index = Index(next.Summary).ToList();
            var unindexed = previous is null ? [] : Index(previous.Summary).Except(index, StringComparer.Ordinal).ToList();
            if (group.Rows + 1 + keys.Count(k => !group.Tallies.ContainsKey(k)) + index.Count + unindexed.Count > EventLogLimits.MaxEntitiesPerBatch)
            {
                await Commit(generation, group);
                group = new Group();
            }
            foreach (var key in keys)
            {
                if (!group.Tallies.ContainsKey(key))
                {
                    group.Tallies[key] = await Tally(generation, key) is { } held ? held with { Value = held.Value.Copy() } : new(Empty(key), default);
                }
            }
            foreach (var (key, contribution) in taken)
            {
                group.Tallies[key].Value.Add(contribution, -1);
            }
            foreach (var (key, contribution) in given)
            {
                group.Tallies[key].Value.Add(contribution, 1);
            }
            foreach (var key in unindexed)
            {
                group.Index[key] = null;
            }
            foreach (var key in index)
            {
                group.Index[key] = next.Summary;
            }
            // Written at the ETag it was read with (none: must not exist), so a stale read cannot be built on.
            group.Orders.Add(new Held<OrderFacts>(next, stored?.ETag ?? default));
            applied[next.Summary] = previous?.Version ?? 0;
        }
        await Commit(generation, group);
        return applied;
    }

    /// <summary>
    /// Reads what the batch will need and the caches lack, many at a time (<see cref="ReadsAtOnce"/>), checkpoints first,
    /// then the tallies their old and new contributions touch, so a batch waits for a few round trips rather than one
    /// per order; bounded, so a large batch does not queue its reads past the storage clients' timeout.
    /// </summary>
    private async Task Prefetch(Generation generation, IReadOnlyList<(OrderFacts Facts, bool Creates)> facts, List<bool> news)
    {
        var held = new List<Held<OrderFacts>?>(facts.Count);
        foreach (var chunk in facts.Select((f, i) => (f.Facts.Summary.OrderId, New: news[i])).Chunk(ReadsAtOnce))
        {
            held.AddRange(await Task.WhenAll(chunk.Select(c => c.New ? Task.FromResult<Held<OrderFacts>?>(null) : Checkpoint(generation, c.OrderId))));
        }
        var keys = facts.SelectMany((f, i) => Contribute(f.Facts).Concat(held[i] is { } h ? Contribute(h.Value) : []))
            .Select(c => c.Key).Distinct(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(ReadsAtOnce))
        {
            await Task.WhenAll(chunk.Select(k => Tally(generation, k)));
        }
    }


    /// <summary>Stores a group's checkpoints with the tallies they moved, then takes them as the generation's own.</summary>
    private async Task Commit(Generation generation, Group group)
    {
        if (group.Orders.Count == 0)
        {
            return;
        }
        var tallies = group.Tallies.Select(t => (t.Key, t.Value)).ToList();
        Dictionary<string, Azure.ETag> etags;
        try
        {
            etags = await _store.SaveAsync(Table, generation.Number, Shard, group.Orders, tallies, group.Index);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            // A row is not as this shard last saw it: a repeated delivery of an order taken as new, a cached copy gone
            // stale, or another writer (a duplicate activation while the cluster changed). Start again from storage.
            ProjectionLog.TallyConflict(Logger, Name, Shard);
            foreach (var order in group.Orders)
            {
                generation.MustRead.Add(order.Value.Summary.OrderId);
            }
            generation.Reload(HoldsAllTallies ? await _store.LoadTalliesAsync<TTally>(Table, generation.Number, Shard) : null);
            Forgot(generation.Number);
            throw;
        }
        Committed(generation.Number, group.Index, group.Tallies);
        foreach (var (key, held) in tallies)
        {
            generation.Remember(key, held with { ETag = etags[TallyStore.TallyKey(key)] });
        }
        foreach (var order in group.Orders)
        {
            var orderId = order.Value.Summary.OrderId;
            generation.Orders.Set(orderId, order with { ETag = etags[TallyStore.OrderKey(orderId)] }, new MemoryCacheEntryOptions { Size = 1 });
            generation.MustRead.Remove(orderId);
        }
    }

    private async Task<Held<OrderFacts>?> Checkpoint(Generation generation, string orderId)
    {
        if (generation.Orders.TryGetValue(orderId, out Held<OrderFacts>? cached))
        {
            return cached;
        }
        var stored = await _store.FindOrderAsync(Table, generation.Number, Shard, orderId);
        // A store may have finished while this read was on its way: what it cached is newer than what this read saw.
        if (generation.Orders.TryGetValue(orderId, out Held<OrderFacts>? meanwhile))
        {
            return meanwhile;
        }
        if (stored is not null)
        {
            generation.Orders.Set(orderId, stored, new MemoryCacheEntryOptions { Size = 1 });
        }
        return stored;
    }

    private async Task<Held<TTally>?> Tally(Generation generation, string key)
    {
        if (generation.All is { } all)
        {
            return all.GetValueOrDefault(key);
        }
        if (generation.Tallies.TryGetValue(key, out Held<TTally>? cached))
        {
            return cached;
        }
        var stored = await _store.FindTallyAsync<TTally>(Table, generation.Number, Shard, key);
        if (generation.Tallies.TryGetValue(key, out Held<TTally>? meanwhile))
        {
            return meanwhile;
        }
        // Absence is cached too (an empty tally not stored yet): most shards hold nothing for most customers, and a
        // query for one should not read each of them every time.
        var held = stored ?? new Held<TTally>(Empty(key), default);
        generation.Remember(key, held);
        return held;
    }

    /// <summary>A tally's figures if it is stored, null for one only cached as missing.</summary>
    private static TTally? Stored(Held<TTally>? held) => held is { } h && h.ETag != default ? h.Value : null;
}
