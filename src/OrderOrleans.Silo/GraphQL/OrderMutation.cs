using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using OrderOrleans.Contracts;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Endpoints;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>
/// One mutation per command, through the same order grain and rules as REST. expectedVersion is REST's If-Match and
/// idempotencyKey its Idempotency-Key (the same key is the same command in both APIs).
/// </summary>
public sealed class OrderMutation : ObjectGraphType
{
    public OrderMutation()
    {
        Name = "Mutation";
        Command("createOrder", "Create an order, optionally with its first items; without orderId one is generated.",
            q => q.Argument<NonNullGraphType<CreateOrderInputType>>("input"),
            (c, errors, context) =>
            {
                var input = c.GetArgument<CreateOrderRequest>("input");
                var orderId = input.OrderId ?? CommandRequestContext.NewOrderId(context);
                var address = input.ShippingAddress is { } a
                    ? new Address(errors.Required(a.Line1, "input.shippingAddress.line1"), a.Line2, errors.Required(a.City, "input.shippingAddress.city"),
                        a.PostalCode, errors.Required(a.Country, "input.shippingAddress.country"), a.Recipient)
                    : null;
                var items = (input.Items ?? []).Select((item, i) => OrderCommandEndpoints.ToLine(item, errors, $"input.items[{i}].")).ToList();
                return (orderId, new CreateOrder(errors.Required(input.CustomerId, "input.customerId"), input.Currency ?? "USD", address, items) { Context = context });
            }, withOrderId: false);
        Command("addItem", "Add an item; the same product again adds to its quantity.",
            q => q.Argument<NonNullGraphType<ItemInputType>>("item"),
            (c, errors, context) => (OrderId(c), new AddItem(OrderCommandEndpoints.ToLine(c.GetArgument<ItemRequest>("item"), errors, "item.")) { Context = context }));
        Command("removeItem", "Remove a product's line from an order that is still Created.",
            q => q.Argument<NonNullGraphType<IdGraphType>>("productId"),
            // The product id is the rules' to check, so removing answers item.invalid-product-id as adding does.
            (c, _, context) => (OrderId(c), new RemoveItem(c.GetArgument<string>("productId")) { Context = context }));
        Command("placeOrder", "Place a Created order that has at least one item.", _ => { },
            (c, _, context) => (OrderId(c), new PlaceOrder { Context = context }));
        Command("recordPayment", "Record a payment for a Placed order; it must cover the total.",
            q => q.Argument<NonNullGraphType<DecimalGraphType>>("amount").Argument<StringGraphType>("method").Argument<StringGraphType>("transactionId"),
            (c, _, context) => (OrderId(c), new RecordPayment(c.GetArgument<decimal>("amount"), c.GetArgument<string?>("method"), c.GetArgument<string?>("transactionId")) { Context = context }));
        Command("shipOrder", "Ship a Paid order with its carrier and tracking number.",
            q => q.Argument<NonNullGraphType<StringGraphType>>("carrier").Argument<NonNullGraphType<StringGraphType>>("trackingNumber"),
            (c, errors, context) => (OrderId(c), new ShipOrder(
                errors.Required(c.GetArgument<string>("carrier"), "carrier"), errors.Required(c.GetArgument<string>("trackingNumber"), "trackingNumber")) { Context = context }));
        Command("deliverOrder", "Record the delivery of a Shipped order and who signed for it.",
            q => q.Argument<NonNullGraphType<StringGraphType>>("signedBy"),
            (c, errors, context) => (OrderId(c), new DeliverOrder(errors.Required(c.GetArgument<string>("signedBy"), "signedBy")) { Context = context }));
        Command("cancelOrder", "Cancel an order that is Created, Placed or Paid, with a reason.",
            q => q.Argument<NonNullGraphType<StringGraphType>>("reason"),
            (c, errors, context) => (OrderId(c), new CancelOrder(errors.Required(c.GetArgument<string>("reason"), "reason")) { Context = context }));
        GraphErrors.RequireScope(this, ApiScopes.Write);
    }

    private delegate (string OrderId, OrderCommand Command) CommandOf(IResolveFieldContext context, RequestErrors errors, CommandContext command);

    private void Command(string name, string description, Action<FieldBuilder<object?, OrderView>> arguments, CommandOf build, bool withOrderId = true)
    {
        var field = Field<NonNullGraphType<OrderType>, OrderView>(name).Description(description);
        if (withOrderId)
        {
            field.Argument<NonNullGraphType<IdGraphType>>("orderId");
        }
        arguments(field);
        if (withOrderId)
        {
            field.Argument<IntGraphType>("expectedVersion", "Apply only if the order is still at this version (else order.version-stale).");
        }
        field.Argument<StringGraphType>("idempotencyKey", "Your key for this command: repeated, it answers the first result and appends nothing.")
            .ResolveAsync(async c =>
            {
                var errors = new RequestErrors();
                var context = CommandRequestContext.For(((GraphContext)c.UserContext).Http, c.GetArgument("idempotencyKey", ""), "idempotencyKey",
                    c.GetArgument<int?>("expectedVersion"), errors);
                var (orderId, command) = build(c, errors, context);
                errors.CheckId(orderId, "orderId");
                GraphErrors.ThrowIfAny(errors);
                var result = await OrderQuery.Grains(c).Order(orderId).Execute(command);
                return result.Order ?? throw GraphErrors.From(result.Error!, orderId);
            });
    }

    private static string OrderId(IResolveFieldContext c) => c.GetArgument<string>("orderId");
}

public sealed class CreateOrderInputType : InputObjectGraphType<CreateOrderRequest>
{
    public CreateOrderInputType()
    {
        Name = "CreateOrderInput";
        Field(x => x.OrderId, type: typeof(IdGraphType));
        Field(x => x.CustomerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Currency, nullable: true).Description("ISO 4217, USD unless given.");
        Field(x => x.ShippingAddress, type: typeof(AddressInputType));
        Field(x => x.Items, type: typeof(ListGraphType<NonNullGraphType<ItemInputType>>));
    }
}

public sealed class ItemInputType : InputObjectGraphType<ItemRequest>
{
    public ItemInputType()
    {
        Name = "ItemInput";
        Field(x => x.ProductId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Name, nullable: true);
        Field(x => x.Quantity, type: typeof(NonNullGraphType<IntGraphType>));
        Field(x => x.UnitPrice, type: typeof(NonNullGraphType<DecimalGraphType>));
    }
}

public sealed class AddressInputType : InputObjectGraphType<AddressRequest>
{
    public AddressInputType()
    {
        Name = "AddressInput";
        Field(x => x.Line1, type: typeof(NonNullGraphType<StringGraphType>));
        Field(x => x.Line2, nullable: true);
        Field(x => x.City, type: typeof(NonNullGraphType<StringGraphType>));
        Field(x => x.PostalCode, nullable: true);
        Field(x => x.Country, type: typeof(NonNullGraphType<StringGraphType>));
        Field(x => x.Recipient, nullable: true);
    }
}
