using OrderOrleans.Contracts.Orders;

namespace OrderOrleans.Contracts;

/// <summary>
/// Grain references without Orleans' per-call type resolution: <c>GetGrain</c> resolves the grain type from the
/// interface by reflection (its attributes, then a formatted type name) on every call, uncached, which profiles of a
/// request that reads one order showed as a measurable share of it. Per interface, the types are taken once, from the
/// first reference made the usual way; they depend only on the loaded assemblies, so every silo and client agrees on them.
/// </summary>
public static class GrainReferences
{
    public static IOrderGrain Order(this IGrainFactory grains, string orderId) => grains.Grain<IOrderGrain>(orderId);

    public static TGrain Grain<TGrain>(this IGrainFactory grains, string key) where TGrain : IGrainWithStringKey =>
        Known<TGrain>.Types is { } types ? types.Make<TGrain>(grains, IdSpan.Create(key)) : Known<TGrain>.Remember(grains.GetGrain<TGrain>(key));

    public static TGrain Grain<TGrain>(this IGrainFactory grains, long key) where TGrain : IGrainWithIntegerKey =>
        Known<TGrain>.Types is { } types
            ? types.Make<TGrain>(grains, GrainIdKeyExtensions.CreateIntegerKey(key))
            : Known<TGrain>.Remember(grains.GetGrain<TGrain>(key));

    private sealed record Types(GrainType Grain, GrainInterfaceType Interface)
    {
        public TGrain Make<TGrain>(IGrainFactory grains, IdSpan key) => (TGrain)grains.GetGrain(GrainId.Create(Grain, key), Interface);
    }

    private static class Known<TGrain>
    {
        public static Types? Types { get; private set; }

        public static TGrain Remember(TGrain grain)
        {
            var reference = (GrainReference)(object)grain!;
            Types = new(reference.GrainId.Type, reference.InterfaceType);
            return grain;
        }
    }
}
