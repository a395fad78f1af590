using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace OrderOrleans.Silo.Security;

/// <summary>
/// Each API key's token bucket (<c>RateLimit:PermitsPerSecond</c>, <c>RateLimit:Burst</c>), shared by the per-key policy
/// (one permit a request) and by what costs more than one request's worth: each further root field of a GraphQL request
/// and each operation sent over a GraphQL WebSocket take permits from the same bucket. One bucket per configured key, so
/// they stay bounded; callers without a key get one bucket per address from the middleware instead, as before.
/// </summary>
public sealed class KeyRateLimits(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _buckets = new(StringComparer.Ordinal);

    public int PerSecond { get; } = configuration.GetValue("RateLimit:PermitsPerSecond", 200);

    public int Burst { get; } = configuration.GetValue("RateLimit:Burst", 400);

    public TokenBucketRateLimiterOptions Options => new()
    {
        TokenLimit = Burst,
        TokensPerPeriod = PerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
    };

    /// <summary>The key's bucket as the middleware holds it: disposing the middleware's copy leaves the bucket alone.</summary>
    public RateLimiter ForMiddleware(string key) => new Shared(Bucket(key));

    /// <summary>Takes <paramref name="permits"/> from the key's bucket at once; false (nothing taken) when it has fewer.</summary>
    public bool TryTake(string key, int permits)
    {
        if (permits <= 0)
        {
            return true;
        }
        if (permits > Burst)
        {
            return false;
        }
        using var lease = Bucket(key).AttemptAcquire(permits);
        return lease.IsAcquired;
    }

    private TokenBucketRateLimiter Bucket(string key) => _buckets.GetOrAdd(key, _ => new TokenBucketRateLimiter(Options));

    private sealed class Shared(RateLimiter inner) : RateLimiter
    {
        public override TimeSpan? IdleDuration => inner.IdleDuration;

        public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => inner.AttemptAcquire(permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            inner.AcquireAsync(permitCount, cancellationToken);
    }
}
