using Microsoft.Extensions.Caching.Memory;

namespace OrderOrleans.Dashboard.Security;

/// <summary>
/// Failed sign-ins slow down guessing, by user and by address (<c>SignIn:*</c>): after <c>FailuresPerUser</c> (5) failures
/// a name is refused for <c>LockoutBase</c> (30 s), doubling with each further failure up to <c>MaxLockout</c> (15 min),
/// even with the right password; an address is refused for a minute after <c>FailuresPerAddressPerMinute</c> (20). A
/// success clears its name. Held in this process's memory, bounded; each dashboard instance counts its own.
/// </summary>
public sealed class SignInThrottle(IConfiguration configuration, TimeProvider time) : IDisposable
{
    private readonly MemoryCache _failures = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly int _perUser = configuration.GetValue("SignIn:FailuresPerUser", 5);
    private readonly int _perAddress = configuration.GetValue("SignIn:FailuresPerAddressPerMinute", 20);
    private readonly TimeSpan _lockoutBase = configuration.GetValue("SignIn:LockoutBase", TimeSpan.FromSeconds(30));
    private readonly TimeSpan _maxLockout = configuration.GetValue("SignIn:MaxLockout", TimeSpan.FromMinutes(15));

    private sealed record Failures(int Count, DateTimeOffset Since, DateTimeOffset RefusedUntil);

    /// <summary>How long until <paramref name="name"/> from <paramref name="address"/> may try again; null when it may now.</summary>
    public TimeSpan? Wait(string name, string address)
    {
        var now = time.GetUtcNow();
        var until = new[] { Find(UserKey(name)), Find(AddressKey(address)) }.Max(f => f?.RefusedUntil ?? now);
        return until > now ? until - now : null;
    }

    public void Failed(string name, string address)
    {
        var now = time.GetUtcNow();
        var user = Find(UserKey(name)) is { } known ? known with { Count = known.Count + 1 } : new Failures(1, now, now);
        var over = user.Count - _perUser;
        var lockout = over < 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(_maxLockout.Ticks, _lockoutBase.Ticks << Math.Min(over, 20)));
        Store(UserKey(name), user with { RefusedUntil = now + lockout }, _maxLockout + TimeSpan.FromHours(1));

        var byAddress = Find(AddressKey(address)) is { } seen && now - seen.Since < TimeSpan.FromMinutes(1) ? seen with { Count = seen.Count + 1 } : new Failures(1, now, now);
        Store(AddressKey(address), byAddress.Count >= _perAddress ? byAddress with { RefusedUntil = byAddress.Since + TimeSpan.FromMinutes(1) } : byAddress, TimeSpan.FromMinutes(2));
    }

    public void Succeeded(string name) => _failures.Remove(UserKey(name));

    public void Dispose() => _failures.Dispose();

    private Failures? Find(string key) => _failures.TryGetValue(key, out Failures? failures) ? failures : null;

    private void Store(string key, Failures failures, TimeSpan keep) =>
        _failures.Set(key, failures, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = keep });

    private static string UserKey(string name) => "user:" + name;

    private static string AddressKey(string address) => "address:" + address;
}
