using GraphQL.Types;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Endpoints;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>Statuses by the names REST uses (<c>Placed</c>), so both APIs answer the same values.</summary>
public sealed class OrderStatusType : EnumerationGraphType<OrderStatus>
{
    public OrderStatusType() => Description = "Created, then Placed, Paid, Shipped and Delivered; Cancelled from Created, Placed or Paid.";

    protected override string ChangeEnumCase(string val) => val;
}

public sealed class OrderType : ObjectGraphType<OrderView>
{
    public OrderType()
    {
        Name = "Order";
        Description = "An order as every command answers it: strongly consistent, from its grain.";
        Field(x => x.OrderId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.CustomerId);
        Field(x => x.Status, type: typeof(NonNullGraphType<OrderStatusType>));
        Field(x => x.Currency);
        Field(x => x.Items, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<OrderLineType>>>));
        Field(x => x.Total);
        Field(x => x.AmountPaid);
        Field(x => x.ShippingAddress, type: typeof(AddressType));
        Field(x => x.Shipment, type: typeof(ShipmentType));
        Field(x => x.Delivery, type: typeof(DeliveryType));
        Field(x => x.CancellationReason, nullable: true);
        Field(x => x.Version).Description("The number of events so far: send it as expectedVersion to act only on this state.");
        Field(x => x.CreatedAt);
        Field(x => x.UpdatedAt);
        Field(x => x.PersonalDataErased).Description("The customer's personal data was erased: shippingAddress and delivery.signedBy read as null.");
        Field<NonNullGraphType<StringGraphType>>("consistencyToken")
            .Description("Pass to a read-model query (orders, customer, products, analytics) to read this state of the order there.")
            .Resolve(c => ConsistencyTokens.Of(c.Source));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderEventType>>>>("events")
            .Description("The order's events (its audit trail), oldest first.")
            .Argument<IntGraphType>("fromVersion", "The first version to return (default 1).")
            .Argument<IntGraphType>("limit", "At most this many (default and maximum 1000).")
            .ResolveAsync(async c =>
            {
                // Reachable from a mutation's answer: reading goes beyond the order a command answers, as REST's GET does.
                GraphErrors.Require(c, ApiScopes.Read);
                return await OrderEvents.ReadAsync(c, c.Source.OrderId);
            });
        Field<CustomerType>("customer")
            .Description("The customer's figures from the customers view (eventually consistent); null until it has the order.")
            .ResolveAsync(async c =>
            {
                GraphErrors.Require(c, ApiScopes.Read);
                return await CustomerLookup.FindAsync(c, c.Source.CustomerId);
            });
    }
}

public sealed class OrderLineType : ObjectGraphType<OrderLineView>
{
    public OrderLineType()
    {
        Name = "OrderLine";
        Field(x => x.ProductId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Name);
        Field(x => x.Quantity);
        Field(x => x.UnitPrice);
        Field(x => x.LineTotal);
    }
}

public sealed class AddressType : ObjectGraphType<Address>
{
    public AddressType()
    {
        Field(x => x.Line1);
        Field(x => x.Line2, nullable: true);
        Field(x => x.City);
        Field(x => x.PostalCode, nullable: true);
        Field(x => x.Country);
        Field(x => x.Recipient, nullable: true);
    }
}

public sealed class ShipmentType : ObjectGraphType<ShipmentView>
{
    public ShipmentType()
    {
        Name = "Shipment";
        Field(x => x.Carrier);
        Field(x => x.TrackingNumber);
        Field(x => x.ShippedAt);
    }
}

public sealed class DeliveryType : ObjectGraphType<DeliveryView>
{
    public DeliveryType()
    {
        Name = "Delivery";
        Field(x => x.SignedBy, nullable: true).Description("Who signed for it; null once the customer's personal data was erased.");
        Field(x => x.DeliveredAt);
    }
}

public sealed class OrderEventType : ObjectGraphType<StoredEvent>
{
    public OrderEventType()
    {
        Name = "OrderEvent";
        Description = "One event of an order's log with its metadata; data is the JSON object the log stores.";
        Field(x => x.Version);
        Field(x => x.Type);
        Field(x => x.SchemaVersion);
        Field(x => x.Data).Description("The event's fields as a JSON string.");
        Field(x => x.OccurredAt);
        Field(x => x.UserId);
        Field(x => x.CommandId);
        Field(x => x.CorrelationId);
        Field(x => x.CausationId);
        Field(x => x.PersonalDataErased).Description("Its personal fields were erased with its customer's data key: they read as null.");
    }
}
