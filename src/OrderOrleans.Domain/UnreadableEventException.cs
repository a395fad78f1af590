namespace OrderOrleans.Domain;

/// <summary>A stored row this release cannot read (unknown type or schema version). Needs an upcaster, not a retry.</summary>
[GenerateSerializer, Alias("UnreadableEventException")]
public sealed class UnreadableEventException(string message) : Exception(message);
