namespace OrderOrleans.Domain;

/// <summary>Who and what caused an event; stored beside it in the log and carried on the stream.</summary>
/// <param name="Fingerprint">
/// The command's type and a hash of its values, when the caller sent an Idempotency-Key: a repeat of the key with a
/// different command is then told apart from a retry.
/// </param>
[GenerateSerializer, Immutable, Alias("EventMetadata")]
public sealed record EventMetadata(
    [property: Id(0)] DateTimeOffset OccurredAt,
    [property: Id(1)] string CommandId,
    [property: Id(2)] string CorrelationId,
    [property: Id(3)] string CausationId,
    [property: Id(4)] string UserId,
    [property: Id(5)] string? Fingerprint = null);

/// <summary>
/// One event at its place in an order's log: the unit the grain raises, the log stores
/// (one row each) and the <c>orders</c> stream delivers to projections (without its personal fields).
/// <see cref="PersonalDataErased"/>: read after its customer's data key was erased, so its personal fields are null.
/// </summary>
[GenerateSerializer, Immutable, Alias("EventEnvelope")]
public sealed record EventEnvelope(
    [property: Id(0)] string OrderId,
    [property: Id(1)] int Version,
    [property: Id(2)] IOrderEvent Event,
    [property: Id(3)] EventMetadata Metadata,
    [property: Id(4)] bool PersonalDataErased = false)
{
    /// <summary>The stable event type name, as stored in the log's Type column.</summary>
    public string Type => StoredNames.Of(Event);
}
