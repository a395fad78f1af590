using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections.Tallies;

/// <summary>Rebuild: a new generation fills beside the answering one (live changes go to both) and takes over when complete.</summary>
public abstract partial class TallyShardGrain<TTally>
{
    public Task BeginRebuild(int generation) => Serialized(async () =>
    {
        await _store.CreateGenerationAsync(Table, generation, Shard);
        _next?.Dispose();
        _next = new Generation(generation, _cachedOrders, HoldsAllTallies ? [] : null);
    });

    public Task ApplyRebuilt(int generation, IReadOnlyList<OrderChange> changes) => Serialized(async () =>
    {
        if (_next is null || generation != _next.Number)
        {
            throw new InvalidOperationException($"Shard {Shard} of {Name} is not rebuilding generation {generation}.");
        }
        // A new generation holds only what live changes wrote into it since the rebuild began: insert, read on conflict.
        await Apply(_next, [.. changes.Select(c => (OrderFacts.Of(c), true))]);
    });

    public Task CompleteRebuild(int generation) => Serialized(() =>
    {
        if (_next is not null && generation == _next.Number)
        {
            var old = _current;
            (_current, _next) = (_next, null);
            old.Dispose();
            Forgot(old.Number);
        }
        return Task.CompletedTask;
    });

    public Task AbortRebuild(int generation) => Serialized(() =>
    {
        if (_next is not null && generation == _next.Number)
        {
            _next.Dispose();
            _next = null;
        }
        return Task.CompletedTask;
    });

    public Task DropGeneration(int generation) => _store.DropGenerationAsync(Table, generation);
}
