using System.Collections.Concurrent;
using System.Reflection;

namespace OrderOrleans.Domain;

/// <summary>
/// The name an event or command is written under (the event log's Type column, a command's fingerprint), pinned here
/// so that renaming the class changes nothing that is stored. <see cref="SchemaVersion"/> is the shape an event is
/// written in today; an older one is read through an upcaster.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StoredNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    public int SchemaVersion { get; init; } = 1;
}

/// <summary>Reads <see cref="StoredNameAttribute"/> once per type.</summary>
public static class StoredNames
{
    private static readonly ConcurrentDictionary<Type, StoredNameAttribute> s_byType = new();

    public static string Of(IOrderEvent @event) => Of(@event.GetType()).Name;

    public static string Of(OrderCommand command) => Of(command.GetType()).Name;

    public static StoredNameAttribute Of(Type type) => s_byType.GetOrAdd(type, static t =>
        t.GetCustomAttribute<StoredNameAttribute>() ?? throw new InvalidOperationException($"{t.Name} has no [StoredName]: name it before it is stored."));
}
