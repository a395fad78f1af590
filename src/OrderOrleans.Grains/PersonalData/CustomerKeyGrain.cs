using OrderOrleans.Contracts.Orders;
using OrderOrleans.Domain;

namespace OrderOrleans.Grains.PersonalData;

/// <summary>
/// Holds one customer's current key in memory while its orders are busy (an idle activation is collected after
/// <see cref="CollectionAgeLimitAttribute"/>, which bounds the keys held). Being the only holder, erasing here erases
/// it for the whole cluster; a silo restart reads only what the table still has.
/// </summary>
[CollectionAgeLimit(Minutes = 10)]
public sealed class CustomerKeyGrain(CustomerKeyStore store, TimeProvider time) : Grain, ICustomerKeyGrain
{
    private DataKey? _current;
    private bool _loaded;

    private string CustomerId => this.GetPrimaryKeyString();

    public async Task<DataKey> GetCurrent()
    {
        if (!_loaded)
        {
            _current = await store.FindCurrentAsync(CustomerId);
            _loaded = true;
        }
        return _current ??= await store.CreateAsync(CustomerId, time.GetUtcNow());
    }

    public async Task<DataKey?> Find(string keyId) =>
        _current?.Id == keyId ? _current : await store.FindAsync(CustomerId, CustomerKeyStore.GuidOf(keyId));

    public async Task<int> EraseKeys(string erasedBy, int ordersAffected)
    {
        var erased = await store.DeleteAllAsync(CustomerId);
        await store.RecordErasureAsync(CustomerId, "keys", erasedBy, time.GetUtcNow(), erased, ordersAffected);
        (_current, _loaded) = (null, true);
        return erased;
    }
}
