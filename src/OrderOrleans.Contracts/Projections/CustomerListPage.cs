namespace OrderOrleans.Contracts.Projections;

/// <summary>
/// A page of customers in id order, each with its figures (without its recent orders: <c>GET /api/customers/{id}</c>
/// has them); <see cref="Next"/> continues after the last one, null on the last page.
/// </summary>
[GenerateSerializer, Immutable, Alias("CustomerListPage")]
public sealed record CustomerListPage(
    [property: Id(0)] IReadOnlyList<CustomerStats> Items,
    [property: Id(1)] string? Next);
