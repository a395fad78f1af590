using OrderOrleans.Domain;

namespace OrderOrleans.Grains.Projections;

/// <summary>
/// Runs before a projection applies an event; throwing fails that attempt like a failing handler would.
/// None is registered in production; tests register one to make a handler fail on purpose.
/// </summary>
public interface IProjectionInterceptor
{
    void BeforeApply(string projection, EventEnvelope envelope);
}
