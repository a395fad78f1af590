using OrderOrleans.Domain;

namespace OrderOrleans.Contracts.Orders;

/// <summary>
/// A customer's data key (keyed by customer id): the one place it is held in memory, so erasing it here erases it for
/// every silo. Orders ask it for the current key when they store personal fields and for a key by id when they read
/// them; it remembers which orders asked, so an erasure reaches their activations even before the read models know them.
/// </summary>
[Alias("ICustomerKeyGrain")]
public interface ICustomerKeyGrain : IGrainWithStringKey
{
    /// <summary>The customer's key, created with the first personal field stored (again after an erasure).</summary>
    [Alias("GetCurrent")]
    Task<DataKey> GetCurrent(string orderId);

    /// <summary>The key with this id, or null when it was erased.</summary>
    [Alias("Find")]
    Task<DataKey?> Find(string keyId, string orderId);

    /// <summary>
    /// Deletes every key of the customer and records who did it, when, and how many orders it reached (never any
    /// personal data). The orders are <paramref name="knownOrders"/> and those that asked for a key here.
    /// </summary>
    [Alias("EraseKeys")]
    Task<KeyErasure> EraseKeys(string erasedBy, IReadOnlyList<string> knownOrders);
}

/// <summary>How many keys an erasure deleted, and every order it reached.</summary>
[GenerateSerializer, Immutable, Alias("KeyErasure")]
public sealed record KeyErasure([property: Id(0)] int KeysErased, [property: Id(1)] IReadOnlyList<string> Orders);
