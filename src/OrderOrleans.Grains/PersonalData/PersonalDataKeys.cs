using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Domain;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.PersonalData;

/// <summary>Data keys as the order's readers and writers ask for them: from the customer's key grain, the one holder.</summary>
public sealed class PersonalDataKeys(IGrainFactory grains)
{
    /// <summary>The key that opens a row's personal fields: null when the row has none sealed, or the key is erased.</summary>
    public async ValueTask<DataKey?> OfAsync(EventRow row) => row.KeyId is { } id ? await FindAsync(id, row.PartitionKey) : null;

    /// <summary>The key with this id, for <paramref name="orderId"/>; null when it was erased.</summary>
    public Task<DataKey?> FindAsync(string keyId, string orderId) => grains.Grain<ICustomerKeyGrain>(DataKey.CustomerOf(keyId)).Find(keyId, orderId);

    /// <summary>The key to seal the order's personal fields under; null when its customer's data was erased since it was created.</summary>
    public Task<DataKey?> CurrentAsync(OrderState order) => grains.Grain<ICustomerKeyGrain>(order.CustomerId).GetCurrent(order.OrderId, order.CreatedAt);
}
