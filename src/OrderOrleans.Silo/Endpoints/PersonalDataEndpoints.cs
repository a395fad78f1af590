using System.Security.Claims;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.PersonalData;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>
/// A customer's right to erasure: <c>DELETE /api/customers/{id}/personal-data</c> deletes the customer's data keys, so
/// every personal field sealed under them reads as erased wherever it is stored, while events, versions and totals stay.
/// </summary>
public static partial class PersonalDataEndpoints
{
    public static IEndpointRouteBuilder MapPersonalData(this IEndpointRouteBuilder app)
    {
        var personalData = app.MapGroup("/api/customers/{customerId}/personal-data").WithTags("Customers")
            .RequireAuthorization(SecurityHosting.AdminPolicy).RequireRateLimiting(SecurityHosting.PerKeyLimit)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        personalData.MapDelete("", Erase).WithName("ErasePersonalData").Produces<ErasureResponse>()
            .WithSummary("Erases a customer's personal data (shipping addresses, who signed for deliveries) by deleting its data keys; " +
                "the orders stay, their personal fields read as null with personalDataErased. Audited; erasing again is harmless.");
        personalData.MapPost("/legacy-erasure", EraseLegacy).WithName("EraseLegacyPersonalData").Produces<LegacyErasureResponse>()
            .WithSummary("Rewrites as erased the personal fields of the customer's event rows stored before encryption (in clear), which " +
                "deleting a key cannot reach: the one sanctioned rewrite of the log. Only those fields change; audited.");
        return app;
    }

    private static async Task<IResult> Erase(string customerId, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        if (RequestErrors.IdProblem(customerId, "customerId") is { } invalid)
        {
            return invalid;
        }
        var erasedBy = user.Identity?.Name ?? "unknown";
        var (keys, orders) = await grains.Grain<ICustomerKeyGrain>(customerId).EraseKeys(erasedBy, await OrdersOf(grains, customerId));
        if (orders.Count == 0 && keys == 0)
        {
            return ApiProblems.CustomerNotFound(customerId);
        }
        // An order's activation holds its fields in clear: drop it, the next read opens the log without the key.
        await Task.WhenAll(orders.Select(id => grains.Order(id).Unload()));
        var at = DateTimeOffset.UtcNow;
        LogErased(loggers.CreateLogger(typeof(PersonalDataEndpoints).FullName!), customerId, erasedBy, keys, orders.Count);
        return TypedResults.Ok(new ErasureResponse(customerId, at, erasedBy, keys, orders));
    }

    private static async Task<IResult> EraseLegacy(string customerId, ClaimsPrincipal user, IGrainFactory grains, CustomerKeyStore audit, ILoggerFactory loggers)
    {
        if (RequestErrors.IdProblem(customerId, "customerId") is { } invalid)
        {
            return invalid;
        }
        var orders = await OrdersOf(grains, customerId);
        if (orders.Count == 0)
        {
            return ApiProblems.CustomerNotFound(customerId);
        }
        var rewritten = await Task.WhenAll(orders.Select(id => grains.Order(id).EraseClearPersonalData()));
        var (at, erasedBy) = (DateTimeOffset.UtcNow, user.Identity?.Name ?? "unknown");
        await audit.RecordErasureAsync(customerId, "legacy-rewrite", erasedBy, at, rewritten.Sum(), orders.Count);
        LogLegacyRewritten(loggers.CreateLogger(typeof(PersonalDataEndpoints).FullName!), customerId, erasedBy, rewritten.Sum(), orders.Count);
        return TypedResults.Ok(new LegacyErasureResponse(customerId, at, erasedBy, rewritten.Sum(),
            [.. orders.Where((_, i) => rewritten[i] > 0)]));
    }

    /// <summary>Every order of the customer, from the order list's customer index, page by page.</summary>
    private static async Task<List<string>> OrdersOf(IGrainFactory grains, string customerId)
    {
        var ids = new List<string>();
        OrderListCursor? after = null;
        do
        {
            var query = new OrderListQuery(null, customerId, null, null, 0) { After = after };
            var page = await grains.Grain<IReadModelGrain>(0).ListOrders(query, 1, OrderListRequest.MaxPageSize);
            ids.AddRange(page.Items.Select(o => o.OrderId));
            after = page.Next is { } next && OrderListCursor.TryParse(next, out var cursor) ? cursor : null;
        }
        while (after is not null);
        return ids;
    }

    [LoggerMessage(2, LogLevel.Warning, "Personal data of customer {CustomerId} stored in clear rewritten as erased by {ErasedBy}: {Rows} event row(s) in {Orders} order(s)")]
    private static partial void LogLegacyRewritten(ILogger logger, string customerId, string erasedBy, int rows, int orders);

    [LoggerMessage(1, LogLevel.Warning, "Personal data of customer {CustomerId} erased by {ErasedBy}: {Keys} data key(s) deleted, {Orders} order(s) affected")]
    private static partial void LogErased(ILogger logger, string customerId, string erasedBy, int keys, int orders);
}

/// <summary>What an erasure reached: the keys deleted and the orders whose personal fields now read as erased.</summary>
public sealed record ErasureResponse(string CustomerId, DateTimeOffset ErasedAt, string ErasedBy, int KeysErased, IReadOnlyList<string> OrdersAffected);

/// <summary>What the rewrite of rows stored in clear reached: how many event rows, in which orders.</summary>
public sealed record LegacyErasureResponse(string CustomerId, DateTimeOffset ErasedAt, string ErasedBy, int RowsRewritten, IReadOnlyList<string> OrdersAffected);
