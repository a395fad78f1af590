using OrderOrleans.Client;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>The client generated from openapi/v1.json (src/OrderOrleans.Client) against a silo on Azurite, as an integrator uses it.</summary>
public class GeneratedClientTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private readonly OrderOrleansClient _client = new(silo.Client);

    [Fact]
    public async Task An_order_lives_from_create_to_delivery_with_refusals_and_retries_as_the_API_promises()
    {
        var orderId = TestNames.OrderId("client");
        var customerId = TestNames.OrderId("client-customer");

        var created = await _client.CreateOrderAsync(null, null, new CreateOrderRequest
        {
            OrderId = orderId,
            CustomerId = customerId,
            Currency = "USD",
            ShippingAddress = new AddressRequest { Line1 = "1 Main St", City = "Springfield", PostalCode = "12345", Country = "US" },
            Items = [new ItemRequest { ProductId = "SKU-1", Name = "Widget", Quantity = 2, UnitPrice = 9.99m }],
        });
        (created.Status, created.Version, created.Total, created.ShippingAddress!.City).ShouldBe((OrderStatus.Created, 2, 19.98m, "Springfield"));

        // A refused command: its problem's code says which rule.
        var refused = await Should.ThrowAsync<OrderOrleansApiException<ProblemDetails>>(
            () => _client.RecordPaymentAsync(orderId, null, null, null, new PaymentRequest { Amount = 19.98m }));
        (refused.StatusCode, refused.Result.AdditionalProperties["code"].ToString()).ShouldBe((409, "order.not-placed"));

        var placed = await _client.PlaceOrderAsync(orderId, null, $"\"{created.Version}\"", null);
        placed.Status.ShouldBe(OrderStatus.Placed);

        // A stale If-Match: the order moved on from version 2, and the problem says where it is now.
        var stale = await Should.ThrowAsync<OrderOrleansApiException<ProblemDetails>>(
            () => _client.CancelOrderAsync(orderId, null, $"\"{created.Version}\"", null, new CancelRequest { Reason = "changed my mind" }));
        (stale.StatusCode, stale.Result.AdditionalProperties["code"].ToString(), stale.Result.AdditionalProperties["currentVersion"].ToString())
            .ShouldBe((412, "order.version-stale", placed.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        // An idempotent repeat: the same key answers the first payment again and records nothing more.
        var payment = new PaymentRequest { Amount = 19.98m, Method = "card" };
        var paid = await _client.RecordPaymentAsync(orderId, "client-pay-1", null, "client-correlation", payment);
        var repeated = await _client.RecordPaymentAsync(orderId, "client-pay-1", null, null, payment);
        (repeated.Version, repeated.AmountPaid, repeated.Status).ShouldBe((paid.Version, 19.98m, OrderStatus.Paid));

        await _client.ShipOrderAsync(orderId, null, null, null, new ShipRequest { Carrier = "UPS", TrackingNumber = "1Z999AA10123456784" });
        var delivered = await _client.DeliverOrderAsync(orderId, null, null, null, new DeliverRequest { SignedBy = "Ann" });
        (delivered.Status, delivered.Delivery!.SignedBy, delivered.Shipment!.Carrier).ShouldBe((OrderStatus.Delivered, "Ann", "UPS"));

        (await _client.GetOrderAsync(orderId)).Version.ShouldBe(delivered.Version);
        var events = await _client.GetOrderEventsAsync(orderId, null, null);
        events.Select(e => e.Type).ShouldBe(["OrderCreated", "ItemAdded", "OrderPlaced", "PaymentRecorded", "OrderShipped", "OrderDelivered"]);
        events.Single(e => e.Type == "PaymentRecorded").CorrelationId.ShouldBe("client-correlation");
        var missing = await Should.ThrowAsync<OrderOrleansApiException<ProblemDetails>>(() => _client.GetOrderAsync(TestNames.OrderId("missing")));
        (missing.StatusCode, missing.Result.AdditionalProperties["code"].ToString()).ShouldBe((404, "order.not-found"));
    }
}
