using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>Queries served by the product view: one product's figures, and products ranked (top sellers).</summary>
public static class ProductEndpoints
{
    public const int MaxTop = 100;

    private static readonly Dictionary<string, ProductSort> s_sorts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["units"] = ProductSort.Units,
        ["revenue"] = ProductSort.Revenue,
        ["product"] = ProductSort.ProductId,
    };

    public static IEndpointRouteBuilder MapProducts(this IEndpointRouteBuilder root)
    {
        var app = root.MapGroup("/api/products").WithTags("Products").RequireAuthorization(SecurityHosting.ReadPolicy)
            .RequireRateLimiting(SecurityHosting.PerKeyLimit)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesValidationProblem();
        app.MapGet("/", List).WithName("ListProducts").AddEndpointFilter(ConsistencyTokens.Filter(ProjectionNames.Products)).Produces<IReadOnlyList<ProductView>>()
            .WithSummary("Products ranked by units ordered (sort=units, the default), revenue (sort=revenue) or id (sort=product); top=N (1-100, default 20).");
        app.MapGet("/{productId}", Get).WithName("GetProduct").AddEndpointFilter(ConsistencyTokens.Filter(ProjectionNames.Products)).Produces<ProductView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A product's units in carts, reserved (placed or paid), shipped, delivered and cancelled, and revenue from paid orders per currency.");
        return root;
    }

    private static async Task<IResult> List(IGrainFactory grains, string? sort, int? top)
    {
        var errors = new RequestErrors();
        var order = ProductSort.Units;
        if (sort is not null && !s_sorts.TryGetValue(sort, out order))
        {
            errors.Add("sort", $"sort must be one of {string.Join(", ", s_sorts.Keys)}.");
        }
        if (top is < 1 or > MaxTop)
        {
            errors.Add("top", $"top must be between 1 and {MaxTop}.");
        }
        return errors.Any
            ? ApiProblems.Validation(errors.ToDictionary())
            : TypedResults.Ok(await grains.Grain<IReadModelGrain>(0).ListProducts(order, top ?? 20));
    }

    private static async Task<IResult> Get(string productId, IGrainFactory grains)
    {
        if (RequestErrors.IdProblem(productId, "productId") is { } invalid)
        {
            return invalid;
        }
        return await grains.Grain<IReadModelGrain>(0).GetProduct(productId) is { } product
            ? TypedResults.Ok(product)
            : ApiProblems.NotFound(ErrorCodes.ProductNotFound, "Product not found", $"Product '{productId}' is in no order.", ("productId", productId));
    }
}
