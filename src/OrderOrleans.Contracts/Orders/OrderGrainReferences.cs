namespace OrderOrleans.Contracts.Orders;

/// <summary>
/// Order grain references without Orleans' per-call type resolution: <c>GetGrain</c> resolves the grain type from the
/// interface by reflection (its attributes, then a formatted type name) on every call, uncached, which profiles of a
/// request that reads one order showed as a measurable share of it. The types are taken once, from the first
/// reference made the usual way; they depend only on the loaded assemblies, so every silo and client agrees on them.
/// </summary>
public static class OrderGrainReferences
{
    private sealed record Types(GrainType Grain, GrainInterfaceType Interface);

    private static Types? s_types;

    public static IOrderGrain Order(this IGrainFactory grains, string orderId)
    {
        if (s_types is { } types)
        {
            return (IOrderGrain)grains.GetGrain(GrainId.Create(types.Grain, orderId), types.Interface);
        }
        var order = grains.GetGrain<IOrderGrain>(orderId);
        var reference = (GrainReference)order;
        s_types = new(reference.GrainId.Type, reference.InterfaceType);
        return order;
    }
}
