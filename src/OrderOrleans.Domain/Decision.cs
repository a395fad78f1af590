
namespace OrderOrleans.Domain;

/// <summary>What <see cref="OrderRules.Decide"/> answers: the events to append, or why not.</summary>
public readonly record struct Decision(IReadOnlyList<IOrderEvent> Events, OrderError? Error)
{
    public static Decision Accept(params IOrderEvent[] events) => new(events, null);

    public static implicit operator Decision(OrderError error) => new([], error);
}
