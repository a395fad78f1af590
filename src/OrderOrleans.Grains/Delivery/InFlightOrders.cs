using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.Delivery;

/// <summary>
/// The orders this silo may hold changes of that some view lacks, in storage: a row per order in the silo's partition of
/// the <c>InFlightOrders</c> table (and the silo in the <c>silos</c> partition), stored before the order's first append
/// here. The publisher's outbox is memory; if the silo dies with it, its rows name the orders whose views may be behind,
/// and another silo catches them up (<see cref="InFlightRecovery"/>). Rows are written in group commits (one transaction
/// of up to 100 rows at a time), and an order's row goes again once it has been idle for <see cref="DeliveryOptions.InFlightIdleAfter"/>
/// with nothing held, so the table holds about the orders of the last minute, not every order a silo served.
/// </summary>
public sealed partial class InFlightOrders(
    TableServiceClient tables, StorageNames names, ILocalSiloDetails silo, EventPublisher publisher,
    IOptions<DeliveryOptions> options, TimeProvider time, ILogger<InFlightOrders> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>The partition that names every silo with rows.</summary>
    public const string SilosPartition = "silos";

    private const int MaxTransaction = 100;
    private static readonly LogThrottle s_failures = new(TimeSpan.FromSeconds(10));

    private readonly TableClient _table = tables.GetTableClient(names.InFlightOrders);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _orders = new(StringComparer.Ordinal);
    private readonly List<Entry> _toWrite = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private bool _siloStored;
    private int _failures;
    private int _woken;
    private bool _stopped;

    /// <summary>This silo's partition key.</summary>
    public string SiloKey { get; } = silo.SiloAddress.ToParsableString();

    public Task CreateTablesAsync(CancellationToken cancellationToken) =>
        StorageCalls.Guard(() => _table.CreateIfNotExistsAsync(cancellationToken));

    /// <summary>Completes once the order's row is stored (at once when it is); fails, as an append would, while storage is down.</summary>
    public Task Ensure(string orderId)
    {
        Entry entry;
        lock (_lock)
        {
            if (_orders.TryGetValue(orderId, out var known) && !known.Deleting)
            {
                known.LastUse = time.GetUtcNow();
                return known.Stored.Task;
            }
            if (_stopped)
            {
                // Nothing writes any more: the command answers 503 and its retry lands on another silo.
                return Task.FromException(new EventStoreUnavailableException("This silo is stopping."));
            }
            // A row being deleted is written again after the delete: both go through the one loop, in order.
            entry = new Entry(orderId) { LastUse = time.GetUtcNow() };
            _orders[orderId] = entry;
            _toWrite.Add(entry);
        }
        if (Interlocked.Exchange(ref _woken, 1) == 0)
        {
            _wake.Release();
        }
        return entry.Stored.Task;
    }

    /// <summary>The silos with rows, by partition key.</summary>
    public async Task<List<string>> SilosAsync(CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == SilosPartition, select: ["RowKey"], cancellationToken: cancellationToken)
            .Guarded(cancellationToken))
        {
            keys.Add(row.RowKey);
        }
        return keys;
    }

    /// <summary>The first <paramref name="limit"/> orders a silo's partition names.</summary>
    public async Task<List<string>> OrdersOfAsync(string siloKey, int limit)
    {
        var orders = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == siloKey, Math.Min(limit, 1000), ["RowKey"]).Guarded())
        {
            orders.Add(row.RowKey);
            if (orders.Count == limit)
            {
                break;
            }
        }
        return orders;
    }

    /// <summary>Deletes a gone silo's rows for <paramref name="orders"/>, then its name once it has none left.</summary>
    public async Task ForgetAsync(string siloKey, IReadOnlyList<string> orders)
    {
        await DeleteAsync(siloKey, orders);
        if ((await OrdersOfAsync(siloKey, 1)).Count == 0)
        {
            await DeleteAsync(SilosPartition, [siloKey]);
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        // Before the silo takes calls, and stopped after the publisher has handed over what it held.
        lifecycle.Subscribe<InFlightOrders>(ServiceLifecycleStage.ApplicationServices, Start, Stop);

    public void Dispose()
    {
        _stopping.Dispose();
        _wake.Dispose();
    }

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => Run(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// On a graceful stop, what waits is written and the rows of orders with nothing held go (within the stop's time);
    /// the rest wait for another silo's recovery, which only costs it a look at each order.
    /// </summary>
    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _wake.Release();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            lock (_lock)
            {
                _stopped = true;
            }
            await WriteWaitingAsync();
            await PruneAsync(DateTimeOffset.MaxValue).WaitAsync(budget.Token);
        }
        catch (Exception ex) when (ex is EventStoreUnavailableException or RequestFailedException or OperationCanceledException)
        {
            StoreFailing(logger, 1, ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>One loop: writes what waits (a transaction at a time), and every few seconds deletes the rows of idle orders.</summary>
    private async Task Run(CancellationToken stopping)
    {
        var pruneEvery = options.Value.InFlightIdleAfter / 4;
        var nextPrune = time.GetUtcNow() + pruneEvery;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(pruneEvery, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            Volatile.Write(ref _woken, 0);
            try
            {
                await WriteWaitingAsync();
                if (time.GetUtcNow() >= nextPrune)
                {
                    await PruneAsync(time.GetUtcNow() - options.Value.InFlightIdleAfter);
                    nextPrune = time.GetUtcNow() + pruneEvery;
                }
                _failures = 0;
            }
            catch (Exception ex)
            {
                if (s_failures.ShouldLog(out var count))
                {
                    StoreFailing(logger, count, ex.GetType().Name, ex.Message);
                }
                // Short: commands wait for their rows, and their callers for them.
                await Task.Delay(Backoff.Delay(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), ++_failures), CancellationToken.None);
            }
        }
    }

    /// <summary>Writes the rows waiting, up to a transaction's worth at a time; a failure fails those orders' waits (their commands answer 503).</summary>
    private async Task WriteWaitingAsync()
    {
        while (true)
        {
            List<Entry> batch;
            lock (_lock)
            {
                batch = _toWrite[..Math.Min(_toWrite.Count, MaxTransaction)];
                _toWrite.RemoveRange(0, batch.Count);
            }
            if (batch.Count == 0)
            {
                return;
            }
            try
            {
                if (!_siloStored)
                {
                    await StorageCalls.Guard(() => _table.UpsertEntityAsync(new TableEntity(SilosPartition, SiloKey), TableUpdateMode.Replace));
                    _siloStored = true;
                }
                await StorageCalls.Guard(() => _table.SubmitTransactionAsync(
                    batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(SiloKey, e.OrderId)))));
            }
            catch (Exception ex)
            {
                lock (_lock)
                {
                    foreach (var entry in batch)
                    {
                        _orders.Remove(entry.OrderId, out var current);
                        if (current is not null && current != entry)
                        {
                            _orders[entry.OrderId] = current;
                        }
                    }
                }
                foreach (var entry in batch)
                {
                    entry.Stored.TrySetException(ex);
                }
                throw;
            }
            foreach (var entry in batch)
            {
                entry.Stored.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Deletes the rows of orders last used before <paramref name="idleBefore"/> that the publisher holds nothing of.
    /// Marked first, so that an order used meanwhile has its row written again after the delete rather than lose it.
    /// </summary>
    private async Task PruneAsync(DateTimeOffset idleBefore)
    {
        List<Entry> gone;
        lock (_lock)
        {
            // A command ensures its row just before it appends, so an order idle this long has none in progress.
            gone = [.. _orders.Values.Where(e => !e.Deleting && e.Stored.Task.IsCompletedSuccessfully && e.LastUse < idleBefore && !publisher.Holds(e.OrderId))];
            gone.ForEach(e => e.Deleting = true);
        }
        try
        {
            await DeleteAsync(SiloKey, [.. gone.Select(e => e.OrderId)]);
        }
        finally
        {
            // Forgotten even if the delete failed part way: the next command writes the row again rather than trust it is
            // there, and a row left behind only costs a look at the order if this silo dies.
            lock (_lock)
            {
                foreach (var entry in gone)
                {
                    if (_orders.TryGetValue(entry.OrderId, out var current) && current == entry)
                    {
                        _orders.Remove(entry.OrderId);
                    }
                }
            }
        }
    }

    private async Task DeleteAsync(string partition, IReadOnlyList<string> rows)
    {
        foreach (var chunk in rows.Chunk(MaxTransaction))
        {
            try
            {
                await StorageCalls.Guard(() => _table.SubmitTransactionAsync(
                    chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row), ETag.All))));
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                // Some row went already (another silo's recovery, an earlier attempt): one by one, where a missing row is no error.
                foreach (var row in chunk)
                {
                    try
                    {
                        await StorageCalls.Guard(() => _table.DeleteEntityAsync(partition, row, ETag.All));
                    }
                    catch (RequestFailedException missing) when (missing.Status == 404)
                    {
                        // Gone already.
                    }
                }
            }
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Storing in-flight orders failed {Count} times since the last report; their commands answer 503 meanwhile. Last error: {ErrorType}: {Error}")]
    private static partial void StoreFailing(ILogger logger, long count, string errorType, string error);

    private sealed class Entry(string orderId)
    {
        public string OrderId => orderId;

        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DateTimeOffset LastUse { get; set; }

        public bool Deleting { get; set; }
    }
}
