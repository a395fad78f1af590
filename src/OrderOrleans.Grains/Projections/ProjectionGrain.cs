using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Delivery;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// A projection as a whole (key: its name). A rebuild folds the entire event log into a new generation of rows while
/// the shards keep answering from the current one (and write live changes to both); when the scan is done every
/// shard switches at once and the old generation's table is dropped. Progress is saved as it goes; an order the read
/// models cannot hold is parked as a dead letter and the rebuild goes on without it.
/// </summary>
public sealed class ProjectionGrain(
    OrderEventLog log,
    ProjectionStore store,
    ProjectionStats stats,
    EventScreen screen,
    IOptions<ProjectionOptions> options,
    IOptions<DeliveryOptions> delivery,
    TimeProvider time,
    ILogger<ProjectionGrain> logger) : Grain, IProjectionGrain
{
    private static readonly TimeSpan s_progressEvery = TimeSpan.FromSeconds(1);
    private const int FlushesInFlight = 8;
    private ProjectionMetaRow _meta = null!;
    private bool _running;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _meta = await store.GetMetaAsync(Name);
        if (_meta.IsRebuilding)
        {
            // The silo running the rebuild went away: start it again (rows are written "if newer", so this is safe).
            await StartRebuild();
        }
    }

    public async Task<ProjectionInfo> GetInfo()
    {
        var lag = await GrainFactory.Grain<IDeliveryLagGrain>(0).GetLag();
        return new(Name, _meta.ActiveGeneration, _meta.Rebuild, (await store.DeadLettersAsync(Name)).Count, stats.Snapshot(Name, lag),
            lag.OldestBehindMs > delivery.Value.LagDegradedAfter.TotalMilliseconds);
    }

    public async Task<IReadOnlyList<DeadLetter>> GetDeadLetters() => await store.DeadLettersAsync(Name);

    public async Task<VerificationReport> Verify(bool repair)
    {
        // One fold of the log, each order's final state handed to its shard of every projection to compare.
        var orders = Enumerable.Range(0, options.Value.Shards).Select(_ => new List<OrderChange>()).ToArray();
        var checkedOrders = 0;
        await foreach (var (state, _) in EveryOrder())
        {
            checkedOrders++;
            orders[ShardMap.ShardOf(state.OrderId, orders.Length)].Add(OrderSummaries.ChangeOf(state, []));
        }
        var differences = new List<ProjectionDifference>();
        foreach (var projection in ProjectionNames.All)
        {
            // A few shards at a time (ProjectionOptions.VerifyShardsAtOnce): each compares by scanning its rows.
            foreach (var shards in Enumerable.Range(0, orders.Length).Chunk(options.Value.VerifyShardsAtOnce))
            {
                var found = await Task.WhenAll(shards.Select(shard => ProjectionShards.Of(GrainFactory, projection, shard).Verify(orders[shard])));
                differences.AddRange(found.SelectMany(d => d));
            }
        }
        if (repair)
        {
            foreach (var difference in differences.Where(d => d.OrderId is not null && d.Expected is not null))
            {
                await GrainFactory.Grain<IOrderProjectionGrain>(difference.OrderId!).Retry(difference.Projection, difference.Expected!.Version);
            }
        }
        return new VerificationReport(checkedOrders, differences);
    }

    public async Task<Answer<ProjectionInfo>> RetryDeadLetter(string orderId, int version)
    {
        if (await store.FindDeadLetterAsync(Name, orderId, version) is null)
        {
            return new OrderError(ErrorKind.NotFound, IProjectionGrain.DeadLetterNotFound, $"Projection '{Name}' has no dead letter for order '{orderId}' version {version}.");
        }
        try
        {
            await GrainFactory.Grain<IOrderProjectionGrain>(orderId).Retry(Name, version);
        }
        catch (Exception ex) when (ex is not EventStoreUnavailableException)
        {
            return new OrderError(ErrorKind.InvalidState, ErrorCodes.DeadLetterRetryFailed, $"The event still fails: {ex.Message}");
        }
        return await GetInfo();
    }

    public async Task<ProjectionInfo> StartRebuild()
    {
        if (!_running)
        {
            var generation = Math.Max(_meta.ActiveGeneration, _meta.RebuildGeneration) + 1;
            _meta.RebuildGeneration = generation;
            _meta.RebuildStartedAt = time.GetUtcNow();
            _meta.RebuildCompletedAt = null;
            _meta.RebuildError = null;
            _meta.RebuildEventsRead = 0;
            _meta.RebuildOrders = 0;
            await ForEachShard(s => s.BeginRebuild(generation));
            await store.SaveMetaAsync(_meta);
            _running = true;
            DelayDeactivation(TimeSpan.FromHours(1));
            // Runs on in this grain's context; GetInfo answers between its steps.
            _ = Rebuild(generation);
        }
        return await GetInfo();
    }

    private async Task Rebuild(int generation)
    {
        var batches = new List<OrderChange>[options.Value.Shards];
        var flushes = new List<Task>(FlushesInFlight);
        var started = Stopwatch.GetTimestamp();
        var saved = started;
        try
        {
            await foreach (var (state, events) in EveryOrder())
            {
                await Add(batches, flushes, state, generation);
                // Progress in memory at once (GetInfo reads it), in its row about once a second.
                _meta.RebuildEventsRead += events;
                if (Stopwatch.GetElapsedTime(saved) > s_progressEvery)
                {
                    await store.SaveMetaAsync(_meta);
                    saved = Stopwatch.GetTimestamp();
                }
            }
            var scanned = Stopwatch.GetElapsedTime(started);
            for (var shard = 0; shard < batches.Length; shard++)
            {
                await Flush(batches, flushes, shard, generation);
            }
            await Task.WhenAll(flushes);
            await ForEachShard(s => s.CompleteRebuild(generation));
            var previous = _meta.ActiveGeneration;
            _meta.ActiveGeneration = generation;
            _meta.RebuildCompletedAt = time.GetUtcNow();
            await store.SaveMetaAsync(_meta);
            await Shard(0).DropGeneration(previous);
            ProjectionLog.Rebuilt(logger, Name, generation, _meta.RebuildEventsRead, _meta.RebuildOrders,
                (long)scanned.TotalMilliseconds, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex)
        {
            ProjectionLog.RebuildFailed(logger, Name, generation, ex);
            // Let shard writes still in flight end (any error of theirs is this one) before the shards abort the generation.
            await Task.WhenAll(flushes).ContinueWith(_ => { }, TaskScheduler.Current);
            _meta.RebuildError = ex.Message;
            await ForEachShard(s => s.AbortRebuild(generation));
            await store.SaveMetaAsync(_meta);
        }
        finally
        {
            _running = false;
            DelayDeactivation(TimeSpan.Zero);
        }
    }

    /// <summary>Every order of the log folded to its newest state, in the log's order, with how many events it has.</summary>
    private async IAsyncEnumerable<(OrderState State, int Events)> EveryOrder()
    {
        var state = new OrderState();
        var events = 0;
        await foreach (var row in log.ScanForFoldAsync())
        {
            if (row.PartitionKey != state.OrderId && state.Exists)
            {
                yield return (state, events);
                state = new OrderState();
                events = 0;
            }
            state.Apply(row.ToEnvelope());
            events++;
        }
        if (state.Exists)
        {
            yield return (state, events);
        }
    }

    private async Task Add(List<OrderChange>[] batches, List<Task> flushes, OrderState state, int generation)
    {
        var change = OrderSummaries.ChangeOf(state, []);
        if (!await screen.Pass(Name, change))
        {
            // Parked like a live change: the rebuild completes without the order, and a retry adds it once its events are fixed.
            return;
        }
        var shard = ShardMap.ShardOf(state.OrderId, batches.Length);
        (batches[shard] ??= []).Add(change);
        _meta.RebuildOrders++;
        if (batches[shard].Count >= EventLogLimits.MaxEntitiesPerBatch)
        {
            await Flush(batches, flushes, shard, generation);
        }
    }

    /// <summary>
    /// Hands a shard its full batch without waiting for it, so the scan goes on while shards write; at most
    /// <see cref="FlushesInFlight"/> at once. Each order appears once in the scan, so their order does not matter.
    /// </summary>
    private async Task Flush(List<OrderChange>[] batches, List<Task> flushes, int shard, int generation)
    {
        if (batches[shard] is { Count: > 0 } batch)
        {
            batches[shard] = [];
            if (flushes.Count >= FlushesInFlight)
            {
                await Task.WhenAll(flushes);
                flushes.Clear();
            }
            flushes.Add(Shard(shard).ApplyRebuilt(generation, batch));
        }
    }

    private IProjectionShardGrain Shard(int shard) => ProjectionShards.Of(GrainFactory, Name, shard);

    private Task ForEachShard(Func<IProjectionShardGrain, Task> action) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Shards).Select(i => action(Shard(i))));
}
