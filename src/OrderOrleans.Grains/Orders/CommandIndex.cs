using OrderOrleans.Domain;
using OrderOrleans.Grains.EventLog;

namespace OrderOrleans.Grains.Orders;

/// <summary>
/// The commands behind the events an order grain has read or written in this activation, so that a client key seen
/// before is found without a storage call. It covers the events after <see cref="IndexedAfter"/> (the snapshot the
/// activation folded from; 0 when it read the whole log, and then a key it lacks is certainly new).
/// </summary>
public sealed class CommandIndex
{
    private readonly Dictionary<string, CommandRange> _commands = new(StringComparer.Ordinal);

    public int IndexedAfter { get; private set; }

    public bool IsComplete => IndexedAfter == 0;

    public void Reset(int indexedAfter)
    {
        _commands.Clear();
        IndexedAfter = indexedAfter;
    }

    public void Add(EventEnvelope envelope)
    {
        var id = envelope.Metadata.CommandId;
        _commands[id] = _commands.TryGetValue(id, out var range)
            ? range with { ToVersion = envelope.Version }
            : new CommandRange(envelope.Version, envelope.Version, envelope.Metadata.Fingerprint);
    }

    public bool TryFind(string commandId, out CommandRange range) => _commands.TryGetValue(commandId, out range);
}
