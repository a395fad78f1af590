using OrderOrleans.Contracts.Orders;
using OrderOrleans.Domain;

namespace OrderOrleans.Grains.PersonalData;

/// <summary>
/// Holds one customer's current key in memory while its orders are busy (an idle activation is collected after
/// <see cref="CollectionAgeLimitAttribute"/>, which bounds the keys held), and the orders that asked for a key since.
/// Being the only holder, erasing here erases it for the whole cluster; a silo restart reads only what the table has.
/// </summary>
[CollectionAgeLimit(Minutes = 20)]
public sealed class CustomerKeyGrain(CustomerKeyStore store, TimeProvider time) : Grain, ICustomerKeyGrain
{
    private readonly HashSet<string> _orders = new(StringComparer.Ordinal);
    private DataKey? _current;
    private bool _loaded;

    private string CustomerId => this.GetPrimaryKeyString();

    public async Task<DataKey> GetCurrent(string orderId)
    {
        _orders.Add(orderId);
        if (!_loaded)
        {
            _current = await store.FindCurrentAsync(CustomerId);
            _loaded = true;
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
        var erased = await store.DeleteAllAsync(CustomerId);
        (_current, _loaded) = (null, true);
        string[] orders = [.. knownOrders.Union(_orders, StringComparer.Ordinal)];
        _orders.Clear();
        await store.RecordErasureAsync(CustomerId, "keys", erasedBy, time.GetUtcNow(), erased, orders.Length);
        return new KeyErasure(erased, orders);
    }
}
