namespace OrderOrleans.Domain;

[GenerateSerializer, Immutable, Alias("Address")]
public sealed record Address(
    [property: Id(0)] string Line1,
    [property: Id(1)] string? Line2,
    [property: Id(2)] string City,
    [property: Id(3)] string? PostalCode,
    [property: Id(4)] string Country,
    [property: Id(5)] string? Recipient);
