using Microsoft.Extensions.Logging;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Delivery;

/// <summary>
/// Receipts: shards confirm what they stored, so what the publisher holds (and reports, once a second, to the
/// cluster's lag figure) is what the slowest view still lacks; a batch whose receipt never comes stops counting.
/// </summary>
public sealed partial class EventPublisher
{
    public Task Stored(string projection, int shard, long sequence)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_lock)
        {
            var state = _shards[shard];
            if (!state.StoredUpTo.TryGetValue(projection, out var stored) || stored >= sequence)
            {
                return Task.CompletedTask;
            }
            state.StoredUpTo[projection] = sequence;
            // A batch is delivered once every projection stored it, so what is held is what the slowest view lacks. Batches
            // of one shard arrive in order; a receipt also covers earlier ones whose message was lost.
            var delivered = state.StoredUpTo.Values.Min();
            var sent = state.Sent;
            while (sent.TryPeek(out var batch) && batch.Sequence <= delivered)
            {
                sent.Dequeue();
                _held -= batch.Events;
                foreach (var at in batch.OccurredAt)
                {
                    _lags.Add(Math.Max(0, (now - at).TotalMilliseconds));
                }
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
            if (shard.Sent.TryPeek(out var sent))
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
        ExpireUnconfirmed();
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

    /// <summary>A batch whose receipt never came (its message lost for good) stops counting after ReceiptTimeout, with a warning.</summary>
    private void ExpireUnconfirmed()
    {
        var cutoff = DateTimeOffset.UtcNow - options.Value.ReceiptTimeout;
        var expired = 0;
        lock (_lock)
        {
            foreach (var shard in _shards)
            {
                while (shard.Sent.TryPeek(out var batch) && batch.SentAt < cutoff)
                {
                    shard.Sent.Dequeue();
                    _held -= batch.Events;
                    expired += batch.Events;
                }
            }
        }
        if (expired > 0 && s_expired.ShouldLog(out _))
        {
            ReceiptsMissing(logger, expired, options.Value.ReceiptTimeout);
        }
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x <= b ? x : b;

    [LoggerMessage(2, LogLevel.Warning, "{Events} published events got no receipt within {Timeout}; their views may be behind until GET /api/admin/verify?repair=true")]
    private static partial void ReceiptsMissing(ILogger logger, int events, TimeSpan timeout);
}
