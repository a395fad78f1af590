using OrderOrleans.Domain;

namespace OrderOrleans.Contracts.Orders;

/// <summary>
/// A customer's data key (keyed by customer id): the one place it is held in memory, so erasing it here erases it for
/// every silo. Orders ask it for the current key when they store personal fields and for a key by id when they read them.
/// </summary>
[Alias("ICustomerKeyGrain")]
public interface ICustomerKeyGrain : IGrainWithStringKey
{
    /// <summary>The customer's key, created with the first personal field stored (again after an erasure).</summary>
    [Alias("GetCurrent")]
    Task<DataKey> GetCurrent();

    /// <summary>The key with this id, or null when it was erased.</summary>
    [Alias("Find")]
    Task<DataKey?> Find(string keyId);

    /// <summary>
    /// Deletes every key of the customer and records who did it, when, and how many orders it reached (never any
    /// personal data); how many keys there were.
    /// </summary>
    [Alias("EraseKeys")]
    Task<int> EraseKeys(string erasedBy, int ordersAffected);
}
