namespace OrderOrleans.Domain;

/// <summary>An item as a command states it: which product, how many, at what unit price.</summary>
[GenerateSerializer, Immutable, Alias("OrderLine")]
public sealed record OrderLine(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string? Name,
    [property: Id(2)] int Quantity,
    [property: Id(3)] decimal UnitPrice);
