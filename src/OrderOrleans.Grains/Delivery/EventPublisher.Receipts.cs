using Microsoft.Extensions.Logging;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Delivery;

/// <summary>
/// Receipts: each view's shard confirms each batch it stored, so what the publisher holds (and reports, once a second,
/// to the cluster's lag figure) is what the views still lack; a batch some view has not confirmed is sent again, and
/// one still unconfirmed after ReceiptTimeout stops counting.
/// </summary>
public sealed partial class EventPublisher
{
    public Task Stored(string projection, int shard, long sequence)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_lock)
        {
            // A batch is delivered once every view stored it. Each confirms each batch: a receipt says nothing of an
            // earlier batch, whose message may have been lost, or taken by a view that lost it with its silo.
            var sent = _shards[shard].Sent;
            if (!ProjectionNames.All.Contains(projection) || !sent.TryGetValue(sequence, out var batch) ||
                !batch.StoredBy.Add(projection) || batch.StoredBy.Count < ProjectionNames.All.Count)
            {
                return Task.CompletedTask;
            }
            sent.Remove(sequence);
            Release(batch);
            foreach (var at in batch.OccurredAt)
            {
                _lags.Add(Math.Max(0, (now - at).TotalMilliseconds));
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>This silo's backlog: the events held, the oldest one's append time, and recent append-to-store times.</summary>
    public DeliveryBacklog Backlog()
    {
        lock (_lock)
        {
            var (p50, p99) = _lags.Percentiles();
            return new DeliveryBacklog(_held, OldestHeldAt(), p50, p99);
        }
    }

    private TimeSpan OldestHeldAge()
    {
        if (Volatile.Read(ref _held) == 0)
        {
            return TimeSpan.Zero;
        }
        lock (_lock)
        {
            return OldestHeldAt() is { } oldest ? DateTimeOffset.UtcNow - oldest : TimeSpan.Zero;
        }
    }

    /// <summary>The append time of the oldest event waiting or on the way; call under the lock.</summary>
    private DateTimeOffset? OldestHeldAt()
    {
        DateTimeOffset? oldest = null;
        foreach (var shard in _shards)
        {
            if (shard.Sent.Count > 0 && shard.Sent.GetValueAtIndex(0) is var sent)
            {
                oldest = Min(oldest, sent.OccurredAt.Min());
            }
            if (shard.Waiting.TryPeek(out var waiting))
            {
                oldest = Min(oldest, waiting.Events[0].Metadata.OccurredAt);
            }
        }
        return oldest;
    }

    private void Report()
    {
        if (ExpireUnconfirmed())
        {
            Wake();
        }
        try
        {
            grains.Grain<IDeliveryLagGrain>(0).Report(silo.Name, Backlog()).Ignore();
        }
        catch (Exception ex)
        {
            if (s_failures.ShouldLog(out var count))
            {
                PublishFailing(logger, count, Held, ex.GetType().Name, ex.Message);
            }
        }
    }

    /// <summary>
    /// A batch some view never confirmed, though sent again, stops counting after ReceiptTimeout, with a warning. True
    /// when a batch is due to be sent again, so the loop wakes for it.
    /// </summary>
    private bool ExpireUnconfirmed()
    {
        var now = DateTimeOffset.UtcNow;
        var cutoff = now - options.Value.ReceiptTimeout;
        var expired = 0;
        var due = false;
        lock (_lock)
        {
            foreach (var shard in _shards)
            {
                while (shard.Sent.Count > 0 && shard.Sent.GetValueAtIndex(0) is var batch && batch.SentAt < cutoff)
                {
                    shard.Sent.RemoveAt(0);
                    Release(batch);
                    expired += batch.Events;
                }
                due |= shard.Sent.Values.Any(b => b.DueAt <= now);
            }
        }
        if (expired > 0 && s_expired.ShouldLog(out _))
        {
            ReceiptsMissing(logger, expired, options.Value.ReceiptTimeout);
        }
        return due;
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x <= b ? x : b;

    [LoggerMessage(2, LogLevel.Warning, "{Events} published events got no receipt within {Timeout}; their views may be behind until GET /api/admin/verify?repair=true")]
    private static partial void ReceiptsMissing(ILogger logger, int events, TimeSpan timeout);
}
