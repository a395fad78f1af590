using Microsoft.AspNetCore.Http.HttpResults;
using OrderOrleans.Contracts;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>The write side: one route per command; each answers the order view and its ETag, or a problem.</summary>
public static class OrderCommandEndpoints
{
    public static IEndpointRouteBuilder MapOrderCommands(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders")
            .WithTags("Order commands")
            .WithDescription("Idempotency-Key (optional): your key for this command, scoped to your API key. The same key with the same " +
                "command again answers the first response with Idempotent-Replayed: true and appends nothing; the same key on the same " +
                "order with another command or other values is 422 idempotency.key-reused. A 503's commandId is the key to retry with. " +
                "If-Match: \"<version>\" makes the command conditional (412 order.version-stale when the order moved on).")
            .RequireAuthorization(SecurityHosting.WritePolicy)
            .RequireRateLimiting(SecurityHosting.PerKeyLimit)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        orders.MapPost("/", Create).WithName("CreateOrder").Produces<OrderView>(StatusCodes.Status201Created)
            .WithSummary("Create an order, optionally with its first items. Without orderId one is generated.");
        orders.MapPost("/{orderId}/items", AddItem).WithName("AddItem").Produces<OrderView>()
            .WithSummary("Add an item; the same product again adds to its quantity.");
        orders.MapDelete("/{orderId}/items/{productId}", RemoveItem).WithName("RemoveItem").Produces<OrderView>()
            .WithSummary("Remove a product's line from an order that is still Created.");
        orders.MapPost("/{orderId}/place", Place).WithName("PlaceOrder").Produces<OrderView>()
            .WithSummary("Place a Created order that has at least one item; its total is fixed from here.");
        orders.MapPost("/{orderId}/payments", Pay).WithName("RecordPayment").Produces<OrderView>()
            .WithSummary("Record a payment for a Placed order; it must cover the total.");
        orders.MapPost("/{orderId}/ship", Ship).WithName("ShipOrder").Produces<OrderView>()
            .WithSummary("Ship a Paid order with its carrier and tracking number.");
        orders.MapPost("/{orderId}/deliver", Deliver).WithName("DeliverOrder").Produces<OrderView>()
            .WithSummary("Record the delivery of a Shipped order and who signed for it.");
        orders.MapPost("/{orderId}/cancel", Cancel).WithName("CancelOrder").Produces<OrderView>()
            .WithSummary("Cancel an order that is Created, Placed or Paid, with a reason.");
        return app;
    }

    private static Task<IResult> Create(CreateOrderRequest? body, HttpContext http, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var context = CommandRequestContext.Read(http, errors);
        if (body is null)
        {
            return Task.FromResult<IResult>(BodyRequired());
        }
        var orderId = body.OrderId ?? CommandRequestContext.NewOrderId(context);
        errors.CheckId(orderId, "orderId");
        var customerId = errors.Required(body.CustomerId, "customerId");
        var address = body.ShippingAddress is { } a
            ? new Address(errors.Required(a.Line1, "shippingAddress.line1"), a.Line2, errors.Required(a.City, "shippingAddress.city"),
                a.PostalCode, errors.Required(a.Country, "shippingAddress.country"), a.Recipient)
            : null;
        var items = new OrderLine[body.Items?.Count ?? 0];
        for (var i = 0; i < items.Length; i++)
        {
            if (body.Items![i] is { } item)
            {
                items[i] = ToLine(item, errors, $"items[{i}].");
            }
            else
            {
                errors.Add($"items[{i}]", $"items[{i}] must be an object with productId, quantity and unitPrice.");
            }
        }
        var command = new CreateOrder(customerId, body.Currency ?? "USD", address, items) { Context = context };
        return Send(http, grains, orderId, command, errors, created: true, generatedId: body.OrderId is null);
    }

    private static Task<IResult> AddItem(string orderId, ItemRequest? body, HttpContext http, IGrainFactory grains) =>
        WithBody(http, grains, orderId, body, (b, errors, c) => new AddItem(ToLine(b, errors, "")) { Context = c });

    private static Task<IResult> RemoveItem(string orderId, string productId, HttpContext http, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var context = CommandRequestContext.Read(http, errors);
        // The product id is the rules' to check, so removing answers item.invalid-product-id as adding does.
        return Send(http, grains, orderId, new RemoveItem(productId) { Context = context }, errors);
    }

    private static Task<IResult> Place(string orderId, HttpContext http, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var context = CommandRequestContext.Read(http, errors);
        return Send(http, grains, orderId, new PlaceOrder { Context = context }, errors);
    }

    private static Task<IResult> Pay(string orderId, PaymentRequest? body, HttpContext http, IGrainFactory grains) =>
        WithBody(http, grains, orderId, body, (b, errors, c) => new RecordPayment(errors.Required(b.Amount, "amount"), b.Method, b.TransactionId) { Context = c });

    private static Task<IResult> Ship(string orderId, ShipRequest? body, HttpContext http, IGrainFactory grains) =>
        WithBody(http, grains, orderId, body, (b, errors, c) => new ShipOrder(errors.Required(b.Carrier, "carrier"), errors.Required(b.TrackingNumber, "trackingNumber")) { Context = c });

    private static Task<IResult> Deliver(string orderId, DeliverRequest? body, HttpContext http, IGrainFactory grains) =>
        WithBody(http, grains, orderId, body, (b, errors, c) => new DeliverOrder(errors.Required(b.SignedBy, "signedBy")) { Context = c });

    private static Task<IResult> Cancel(string orderId, CancelRequest? body, HttpContext http, IGrainFactory grains) =>
        WithBody(http, grains, orderId, body, (b, errors, c) => new CancelOrder(errors.Required(b.Reason, "reason")) { Context = c });

    /// <summary>A command with a JSON body: 400 without one, else the command built from it (collecting field errors) is sent.</summary>
    private static Task<IResult> WithBody<TBody>(
        HttpContext http, IGrainFactory grains, string orderId, TBody? body, Func<TBody, RequestErrors, CommandContext, OrderCommand> command) where TBody : class
    {
        var errors = new RequestErrors();
        var context = CommandRequestContext.Read(http, errors);
        return body is null
            ? Task.FromResult<IResult>(BodyRequired())
            : Send(http, grains, orderId, command(body, errors, context), errors);
    }

    private static async Task<IResult> Send(
        HttpContext http, IGrainFactory grains, string orderId, OrderCommand command, RequestErrors errors, bool created = false, bool generatedId = false)
    {
        errors.CheckId(orderId, "orderId");
        if (errors.Any)
        {
            return ApiProblems.Validation(errors.ToDictionary());
        }
        var result = await grains.Order(orderId).Execute(command);
        if (result.Order is not { } order)
        {
            // A refused create under an id the service made up names no order; one that may still land (503) does.
            var named = generatedId && result.Error!.Kind != ErrorKind.Unavailable ? null : orderId;
            return ApiProblems.From(result.Error!, named, http, CommandRequestContext.KeyOf(command.Context));
        }
        http.Response.Headers.ETag = OrderQueryEndpoints.ETagOf(order);
        http.Response.Headers[ConsistencyTokens.Header] = ConsistencyTokens.Of(order);
        if (result.Replayed)
        {
            http.Response.Headers[CommandRequestContext.ReplayedHeader] = "true";
        }
        return created ? TypedResults.Created($"/api/orders/{order.OrderId}", order) : TypedResults.Ok(order);
    }

    /// <summary>An item as a line, naming each missing field under <paramref name="prefix"/> (REST and GraphQL alike).</summary>
    public static OrderLine ToLine(ItemRequest item, RequestErrors errors, string prefix) => new(
        errors.Required(item.ProductId, prefix + "productId"),
        item.Name,
        errors.Required(item.Quantity, prefix + "quantity"),
        errors.Required(item.UnitPrice, prefix + "unitPrice"));

    private static ValidationProblem BodyRequired() =>
        ApiProblems.Validation(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] }, ErrorCodes.RequestBodyRequired);
}
