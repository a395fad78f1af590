using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Endpoints;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>The queries: the same grain calls as the REST routes, so both answer the same.</summary>
public sealed class OrderQuery : ObjectGraphType
{
    /// <summary>The largest page <c>orders(first:)</c> serves, as REST's pageSize.</summary>
    public const int MaxFirst = OrderListRequest.MaxPageSize;

    public OrderQuery()
    {
        Name = "Query";
        Field<OrderType>("order")
            .Description("An order, strongly consistent (from its grain). Error order.not-found when there is none.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = CheckedId(c.GetArgument<string>("id"), "id");
                return await Grains(c).Order(id).GetOrder()
                    ?? throw GraphErrors.NotFound(ErrorCodes.OrderNotFound, $"Order '{id}' does not exist.");
            });
        Field<NonNullGraphType<ConnectionType<OrderSummaryType, EdgeType<OrderSummaryType>>>>("orders")
            .Description($"Orders from the order-list view, newest first unless sorted otherwise; first (at most {MaxFirst}) and after page on however deep.")
            .Argument<OrderStatusType>("status")
            .Argument<IdGraphType>("customerId")
            .Argument<DateTimeOffsetGraphType>("from", "Created at or after.")
            .Argument<DateTimeOffsetGraphType>("to", "Created before.")
            .Argument<StringGraphType>("sort", "newest (default), oldest, total-desc, total, customer or status.")
            .Argument<IntGraphType>("first", $"Orders per page: 20 unless given, at most {MaxFirst}.")
            .Argument<StringGraphType>("after", "The endCursor (or any edge's cursor) of the previous page.")
            .ResolveAsync(async c => await Orders(c));
        Field<CustomerType>("customer")
            .Description("A customer's figures from the customers view. Error customer.not-found when it has no orders.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await CustomerLookup.FindAsync(c, CheckedId(c.GetArgument<string>("id"), "id"))
                ?? throw GraphErrors.NotFound(ErrorCodes.CustomerNotFound, $"Customer '{c.GetArgument<string>("id")}' has no orders."));
        Field<ProductType>("product")
            .Description("A product's units and revenue from the products view. Error product.not-found when no order has it.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = CheckedId(c.GetArgument<string>("id"), "id");
                return await Grains(c).Grain<IReadModelGrain>(0).GetProduct(id)
                    ?? throw GraphErrors.NotFound(ErrorCodes.ProductNotFound, $"Product '{id}' is in no order.");
            });
        Field<NonNullGraphType<AnalyticsType>>("analytics")
            .Description("Orders and value by status, and by day (UTC) for the days from..to (both included).")
            .Argument<DateOnlyGraphType>("from")
            .Argument<DateOnlyGraphType>("to")
            .ResolveAsync(async c =>
            {
                var (from, to) = (c.GetArgument<DateOnly?>("from"), c.GetArgument<DateOnly?>("to"));
                var errors = new RequestErrors();
                if (from > to)
                {
                    errors.Add("from", "from must not be after to.");
                }
                GraphErrors.ThrowIfAny(errors);
                return await Grains(c).Grain<IReadModelGrain>(0).GetAnalytics(from, to);
            });
        Field<OrderType>("orderHistory")
            .Description("An order as it was at a version, or at a time (the last event at or before it); neither is its current state.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<IntGraphType>("version")
            .Argument<DateTimeOffsetGraphType>("at")
            .ResolveAsync(async c =>
            {
                var id = CheckedId(c.GetArgument<string>("id"), "id");
                var answer = await Grains(c).Order(id).GetHistory(c.GetArgument<int?>("version"), c.GetArgument<DateTimeOffset?>("at"));
                return answer.Value ?? throw GraphErrors.From(answer.Error!, id);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProjectionStatusType>>>>("projections")
            .Description("Each read model's state, dead letters and lag (cluster-wide).")
            .ResolveAsync(async c => await Task.WhenAll(ProjectionNames.All.Select(async n =>
                ProjectionResponse.From(await Grains(c).Grain<IProjectionGrain>(n).GetInfo()))));
        GraphConsistency.WaitForTokens(this);
        GraphErrors.RequireScope(this, ApiScopes.Read);
    }

    public static IGrainFactory Grains(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<IGrainFactory>();

    public static string CheckedId(string id, string argument)
    {
        var errors = new RequestErrors();
        errors.CheckId(id, argument);
        GraphErrors.ThrowIfAny(errors);
        return id;
    }

    private static async Task<Connection<OrderSummary>> Orders(IResolveFieldContext c)
    {
        var errors = new RequestErrors();
        var first = c.GetArgument("first", 20);
        if (first is < 1 or > MaxFirst)
        {
            errors.Add("first", $"first must be between 1 and {MaxFirst}.");
        }
        var sort = c.GetArgument<string?>("sort");
        var query = OrderListRequest.Check(errors, c.GetArgument<OrderStatus?>("status"), c.GetArgument<string?>("customerId"),
            c.GetArgument<DateTimeOffset?>("from"), c.GetArgument<DateTimeOffset?>("to"), sort, c.GetArgument<string?>("after"));
        GraphErrors.ThrowIfAny(errors);
        var list = query!; // null only with errors
        var page = await Grains(c).Grain<IReadModelGrain>(0).ListOrders(list, 1, first);
        if (page.TooBroad)
        {
            throw new ExecutionError(OrderListRequest.TooBroad(page, sort)) { Code = ErrorCodes.ListTooBroad };
        }
        var edges = page.Items.Select(o => new Edge<OrderSummary> { Node = o, Cursor = OrderListCursor.After(o, list.Sort).ToToken() }).ToList();
        return new Connection<OrderSummary>
        {
            Edges = edges,
            TotalCount = page.TotalCount,
            PageInfo = new PageInfo
            {
                HasNextPage = page.Next is not null,
                HasPreviousPage = list.After is not null,
                StartCursor = edges.FirstOrDefault()?.Cursor,
                EndCursor = page.Next ?? edges.LastOrDefault()?.Cursor,
            },
        };
    }
}
