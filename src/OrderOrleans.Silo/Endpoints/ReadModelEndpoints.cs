using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>Queries served by the read models: the order list, a customer's figures, the analytics summary.</summary>
public static class ReadModelEndpoints
{
    public static IEndpointRouteBuilder MapReadModels(this IEndpointRouteBuilder root)
    {
        var app = root.MapGroup("").RequireAuthorization(SecurityHosting.ReadPolicy).RequireRateLimiting(SecurityHosting.PerKeyLimit)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        app.MapGet("/api/orders", ListOrders).WithTags("Order queries").WithName("ListOrders").AddEndpointFilter(ConsistencyTokens.Filter(ProjectionNames.OrderList))
            .Produces<OrderListPage>().ProducesValidationProblem()
            .WithSummary("Orders filtered by status, customer and created-date range [from, to), sorted (newest, oldest, total-desc, total, customer, status); " +
                "pages by page/pageSize or, however deep, by the previous page's next token (after=).");
        app.MapGet("/api/customers", ListCustomers).WithTags("Customers").WithName("ListCustomers").AddEndpointFilter(ConsistencyTokens.Filter(ProjectionNames.Customers))
            .Produces<CustomerListPage>().ProducesValidationProblem()
            .WithSummary("Customers in id order, each with its figures; prefix= narrows to ids that start with it (a search as you type); " +
                "limit= (1-100, default 20) per page, and after= the previous page's next continues.");
        app.MapGet("/api/customers/{customerId}", GetCustomer).WithTags("Customers").WithName("GetCustomer").AddEndpointFilter(ConsistencyTokens.Filter(ProjectionNames.Customers))
            .Produces<CustomerStats>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A customer's order counts, lifetime value (paid orders, per currency), first and last order.");
        app.MapGet("/api/analytics/summary", GetAnalytics).WithTags("Analytics").WithName("GetAnalyticsSummary").AddEndpointFilter(ConsistencyTokens.Filter(ProjectionNames.Analytics))
            .Produces<AnalyticsSummary>().ProducesValidationProblem()
            .WithSummary("Orders and value by status (now); orders created, placed, paid and cancelled and revenue recorded by day (UTC), per currency, for the days from..to (dates, both included).");
        return root;
    }

    private static async Task<IResult> ListOrders(
        IGrainFactory grains, string? status, string? customerId, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, string? sort, string? after)
    {
        var errors = new RequestErrors();
        OrderStatus? wanted = null;
        if (status is not null)
        {
            if (Enum.TryParse<OrderStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add("status", $"status must be one of {string.Join(", ", Enum.GetNames<OrderStatus>())}.");
            }
        }
        var query = OrderListRequest.Check(errors, wanted, customerId, from, to, sort, after);
        var p = page ?? 1;
        var size = pageSize ?? 20;
        if (p < 1)
        {
            errors.Add("page", "page must be 1 or more.");
        }
        if (size is < 1 or > OrderListRequest.MaxPageSize)
        {
            errors.Add("pageSize", $"pageSize must be between 1 and {OrderListRequest.MaxPageSize}.");
        }
        else if ((long)p * size > IReadModelGrain.MaxDepth)
        {
            errors.Add("page", $"page * pageSize reaches at most {IReadModelGrain.MaxDepth} orders deep; page on with the next token (after=) instead.");
        }
        if (query is null || errors.Any)
        {
            return ApiProblems.Validation(errors.ToDictionary());
        }
        var result = await grains.Grain<IReadModelGrain>(0).ListOrders(query, p, size);
        return result.TooBroad
            ? TypedResults.Problem(OrderListRequest.TooBroad(result, sort),
                statusCode: StatusCodes.Status400BadRequest, title: "List too broad for this sort", extensions: ApiProblems.Code(ErrorCodes.ListTooBroad))
            : TypedResults.Ok(result);
    }

    private const int MaxCustomersPerPage = 100;

    private static async Task<IResult> ListCustomers(IGrainFactory grains, string? prefix, string? after, int? limit)
    {
        var errors = new RequestErrors();
        // A prefix is the start of an id: the id's characters, nothing else (it becomes a key range, never a filter string).
        if (!string.IsNullOrEmpty(prefix) && !OrderKeys.IsValid(prefix.Replace('.', '-')))
        {
            errors.Add("prefix", $"prefix must be the start of a customer id: {OrderKeys.Rule}.");
        }
        errors.CheckId(after, "after");
        var size = limit ?? 20;
        if (size is < 1 or > MaxCustomersPerPage)
        {
            errors.Add("limit", $"limit must be between 1 and {MaxCustomersPerPage}.");
        }
        return errors.Any
            ? ApiProblems.Validation(errors.ToDictionary())
            : TypedResults.Ok(await grains.Grain<IReadModelGrain>(0).ListCustomers(prefix ?? "", after, size));
    }

    private static async Task<IResult> GetCustomer(string customerId, IGrainFactory grains)
    {
        if (RequestErrors.IdProblem(customerId, "customerId") is { } invalid)
        {
            return invalid;
        }
        var stats = await grains.Grain<IReadModelGrain>(0).GetCustomerStats(customerId);
        return stats.OrderCount > 0
            ? TypedResults.Ok(stats)
            : ApiProblems.CustomerNotFound(customerId);
    }

    private static async Task<IResult> GetAnalytics(IGrainFactory grains, DateOnly? from, DateOnly? to) =>
        from is not null && to is not null && from > to
            ? ApiProblems.Validation(new Dictionary<string, string[]> { ["from"] = ["from must not be after to."] })
            : TypedResults.Ok(await grains.Grain<IReadModelGrain>(0).GetAnalytics(from, to));
}
