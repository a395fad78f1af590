using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OrderOrleans.Contracts;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>The read side served from the order grain: current state and the audit trail.</summary>
public static class OrderQueryEndpoints
{
    public const int MaxEventPage = 1000;

    public static IEndpointRouteBuilder MapOrderQueries(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders")
            .WithTags("Order queries")
            .RequireAuthorization(SecurityHosting.ReadPolicy)
            .RequireRateLimiting(SecurityHosting.PerKeyLimit)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        orders.MapGet("/{orderId}", GetOrder).WithName("GetOrder").Produces<OrderView>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("The order's current state; ETag is its version.");
        orders.MapGet("/{orderId}/events", GetEvents).WithName("GetOrderEvents").Produces<EventResponse[]>()
            .WithSummary("The audit trail: events in version order with their metadata. Page with fromVersion and limit.");
        return app;
    }

    public static string ETagOf(OrderView order) => $"\"{order.Version.ToString(CultureInfo.InvariantCulture)}\"";

    private static async Task<IResult> GetOrder(string orderId, HttpContext http, IGrainFactory grains)
    {
        if (Invalid(orderId) is { } invalid)
        {
            return invalid;
        }
        if (await grains.Order(orderId).GetOrder() is not { } order)
        {
            return ApiProblems.NotFound(orderId);
        }
        var etag = ETagOf(order);
        http.Response.Headers.ETag = etag;
        return http.Request.Headers.IfNoneMatch.ToString() == etag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(order);
    }

    private static async Task<IResult> GetEvents(string orderId, HttpContext http, IGrainFactory grains, int? fromVersion, int? limit)
    {
        var errors = new RequestErrors();
        errors.CheckId(orderId, "orderId");
        var from = fromVersion ?? 1;
        var take = limit ?? MaxEventPage;
        if (from < 1)
        {
            errors.Add("fromVersion", "fromVersion must be 1 or more.");
        }
        if (take is < 1 or > MaxEventPage)
        {
            errors.Add("limit", $"limit must be between 1 and {MaxEventPage}.");
        }
        if (errors.Any)
        {
            return ApiProblems.Validation(errors.ToDictionary());
        }
        var grain = grains.Order(orderId);
        var events = await grain.GetEvents(from, take);
        if (events is null)
        {
            return ApiProblems.NotFound(orderId);
        }
        if (events.Count == take)
        {
            http.Response.Headers.Link = $"</api/orders/{orderId}/events?fromVersion={from + take}&limit={take}>; rel=\"next\"";
        }
        return TypedResults.Ok(events.Select(EventResponse.From).ToArray());
    }

    private static ValidationProblem? Invalid(string orderId)
    {
        var errors = new RequestErrors();
        errors.CheckId(orderId, "orderId");
        return errors.Any ? ApiProblems.Validation(errors.ToDictionary()) : null;
    }
}
