namespace OrderOrleans.Domain;

/// <summary>
/// A customer's data key: 256 random bits that encrypt the customer's personal fields. <see cref="Id"/> is
/// <c>{customerId}/{key guid}</c>, so a stored row names the customer whose key opens it.
/// </summary>
[GenerateSerializer, Immutable, Alias("DataKey")]
public sealed record DataKey([property: Id(0)] string Id, [property: Id(1)] byte[] Key)
{
    public static string CustomerOf(string keyId) => keyId[..keyId.LastIndexOf('/')];
}
