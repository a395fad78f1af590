using OrderOrleans.Contracts.Orders;
using OrderOrleans.Domain;

namespace OrderOrleans.Grains.PersonalData;

/// <summary>
/// Holds one customer's current key in memory while its orders are busy (an idle activation is collected after
/// <see cref="CollectionAgeLimitAttribute"/>, which bounds the keys held), and the orders that asked for a key since.
/// Being the only holder, erasing here erases it for the whole cluster; a silo restart reads only what the table has.
/// Calls take turns, so an erasure and a request for a key never interleave.
/// </summary>
[CollectionAgeLimit(Minutes = 20)]
public sealed class CustomerKeyGrain(CustomerKeyStore store, TimeProvider time) : Grain, ICustomerKeyGrain
{
    private readonly HashSet<string> _orders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _remembered = new(StringComparer.Ordinal);
    private DataKey? _current;
    private DateTimeOffset? _erasedAt;
    private bool _loaded;

    private string CustomerId => this.GetPrimaryKeyString();

    public async Task<DataKey?> GetCurrent(string orderId, DateTimeOffset orderCreatedAt)
    {
        _orders.Add(orderId);
        if (!_loaded)
        {
            (_current, _erasedAt) = await store.LoadAsync(CustomerId);
            _loaded = true;
        }
        if (_erasedAt is { } erasedAt && orderCreatedAt <= erasedAt)
        {
            // What this order held was erased: nothing it stores from now on (a snapshot of what its activation still
            // holds, a later field) may be readable again, so it gets no key, not even one a newer order made.
            return null;
        }
        if (_remembered.Add(orderId))
        {
            await store.RememberOrderAsync(CustomerId, orderId);
        }
        return _current ??= await store.CreateAsync(CustomerId, time.GetUtcNow());
    }

    public async Task<DataKey?> Find(string keyId, string orderId)
    {
        _orders.Add(orderId);
        return _current?.Id == keyId ? _current : await store.FindAsync(CustomerId, CustomerKeyStore.GuidOf(keyId));
    }

    public async Task<KeyErasure> EraseKeys(string erasedBy, IReadOnlyList<string> knownOrders)
    {
        var at = time.GetUtcNow();
        await store.MarkErasedAsync(CustomerId, at);
        var erased = await store.DeleteKeysAsync(CustomerId);
        (_current, _erasedAt, _loaded) = (null, at, true);
        string[] orders = [.. (await store.OrdersAsync(CustomerId)).Union(knownOrders, StringComparer.Ordinal).Union(_orders, StringComparer.Ordinal)];
        _orders.Clear();
        await store.RecordErasureAsync(CustomerId, "keys", erasedBy, at, erased, orders.Length);
        return new KeyErasure(erased, orders);
    }
}
