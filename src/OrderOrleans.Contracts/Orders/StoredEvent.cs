namespace OrderOrleans.Contracts.Orders;

/// <summary>One row of the audit trail, with the event's data as the JSON the log stores.</summary>
[GenerateSerializer, Immutable, Alias("StoredEvent")]
public sealed record StoredEvent(
    [property: Id(0)] int Version,
    [property: Id(1)] string Type,
    [property: Id(2)] int SchemaVersion,
    [property: Id(3)] string Data,
    [property: Id(4)] DateTimeOffset OccurredAt,
    [property: Id(5)] string UserId,
    [property: Id(6)] string CommandId,
    [property: Id(7)] string CorrelationId,
    [property: Id(8)] string CausationId,
    [property: Id(9)] bool PersonalDataErased = false);
