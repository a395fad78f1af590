namespace OrderOrleans.Grains.EventLog;

/// <summary>Storage did not answer (down, unreachable, timed out, throttled). Safe to retry; maps to HTTP 503.</summary>
[GenerateSerializer, Alias("EventStoreUnavailableException")]
public sealed class EventStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A stored row this release cannot read (unknown type or schema version). Needs an upcaster, not a retry.</summary>
[GenerateSerializer, Alias("UnreadableEventException")]
public sealed class UnreadableEventException(string message) : Exception(message);
