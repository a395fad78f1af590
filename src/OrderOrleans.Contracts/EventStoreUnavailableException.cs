namespace OrderOrleans.Contracts;

/// <summary>Storage did not answer (down, unreachable, timed out, throttled). Safe to retry; maps to HTTP 503.</summary>
[GenerateSerializer, Alias("EventStoreUnavailableException")]
public sealed class EventStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
