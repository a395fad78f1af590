using OrderOrleans.Domain;

namespace OrderOrleans.Contracts.Orders;

/// <summary>
/// A customer's data key (keyed by customer id): the one place it is held in memory, so erasing it here erases it for
/// every silo. Orders ask it for the current key when they store personal fields and for a key by id when they read
/// them; it records which orders were handed a key, so an erasure reaches them whatever the read models know.
/// </summary>
[Alias("ICustomerKeyGrain")]
public interface ICustomerKeyGrain : IGrainWithStringKey
{
    /// <summary>
    /// The key to seal <paramref name="orderId"/>'s personal fields under, created with the first one stored; null for an
    /// order created at or before the customer's last erasure (its personal fields are stored as erased). After an erasure
    /// only an order created later gets a key, a new one.
    /// </summary>
    [Alias("GetCurrent")]
    Task<DataKey?> GetCurrent(string orderId, DateTimeOffset orderCreatedAt);

    /// <summary>The key with this id, or null when it was erased.</summary>
    [Alias("Find")]
    Task<DataKey?> Find(string keyId, string orderId);

    /// <summary>
    /// Deletes every key of the customer and records who did it, when, and how many orders it reached (never any
    /// personal data). The orders are those ever handed a key, <paramref name="knownOrders"/> and those that asked here.
    /// </summary>
    [Alias("EraseKeys")]
    Task<KeyErasure> EraseKeys(string erasedBy, IReadOnlyList<string> knownOrders);
}

/// <summary>How many keys an erasure deleted, and every order it reached.</summary>
[GenerateSerializer, Immutable, Alias("KeyErasure")]
public sealed record KeyErasure([property: Id(0)] int KeysErased, [property: Id(1)] IReadOnlyList<string> Orders);
