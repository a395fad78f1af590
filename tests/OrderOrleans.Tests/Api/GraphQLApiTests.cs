using System.Text.Json.Nodes;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>GraphQL beside REST on a silo on Azurite: the same orders, answers, rules, keys and error codes.</summary>
public class GraphQLApiTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private const string OrderFields = """
        orderId customerId status currency total amountPaid version createdAt updatedAt cancellationReason
        items { productId name quantity unitPrice lineTotal }
        shippingAddress { line1 line2 city postalCode country recipient }
        shipment { carrier trackingNumber shippedAt } delivery { signedBy deliveredAt }
        """;

    private readonly HttpClient _http = silo.Client;

    [Fact]
    public async Task Every_mutation_answers_the_order_as_REST_shows_it()
    {
        var (orderId, other, customer) = (TestNames.OrderId("gql"), TestNames.OrderId("gql-cancel"), TestNames.OrderId("gql-customer"));
        var create = $$"""
            mutation ($input: CreateOrderInput!) { createOrder(input: $input, idempotencyKey: "gql-create") { {{OrderFields}} } }
            """;
        JsonNode Input(string id) => JsonNode.Parse($$"""
            {"orderId":"{{id}}","customerId":"{{customer}}","currency":"EUR","shippingAddress":{"line1":"1 Main St","city":"Springfield","country":"US"},
             "items":[{"productId":"SKU-1","name":"Widget","quantity":2,"unitPrice":9.99}]}
            """)!;

        await Same(orderId, (await _http.Data(create, new { input = Input(orderId) }))["createOrder"]);
        await Same(orderId, (await _http.Data($$"""mutation { addItem(orderId: "{{orderId}}", item: { productId: "SKU-2", name: "Gadget", quantity: 1, unitPrice: 5 }) { {{OrderFields}} } }"""))["addItem"]);
        await Same(orderId, (await _http.Data($$"""mutation { removeItem(orderId: "{{orderId}}", productId: "SKU-2") { {{OrderFields}} } }"""))["removeItem"]);
        await Same(orderId, (await _http.Data($$"""mutation { placeOrder(orderId: "{{orderId}}", expectedVersion: 4) { {{OrderFields}} } }"""))["placeOrder"]);
        var pay = $$"""mutation { recordPayment(orderId: "{{orderId}}", amount: 19.98, method: "card", idempotencyKey: "gql-pay") { {{OrderFields}} } }""";
        var paid = (await _http.Data(pay))["recordPayment"]!;
        await Same(orderId, paid);
        // The same key again: the first answer, nothing appended.
        (await _http.Data(pay))["recordPayment"]!["version"]!.GetValue<int>().ShouldBe(paid["version"]!.GetValue<int>());
        await Same(orderId, (await _http.Data($$"""mutation { shipOrder(orderId: "{{orderId}}", carrier: "UPS", trackingNumber: "1Z9") { {{OrderFields}} } }"""))["shipOrder"]);
        await Same(orderId, (await _http.Data($$"""mutation { deliverOrder(orderId: "{{orderId}}", signedBy: "Ann") { {{OrderFields}} } }"""))["deliverOrder"]);
        await _http.Data(create.Replace("gql-create", "gql-create-2", StringComparison.Ordinal), new { input = Input(other) });
        await Same(other, (await _http.Data($$"""mutation { cancelOrder(orderId: "{{other}}", reason: "twice") { {{OrderFields}} } }"""))["cancelOrder"]);

        var events = await (await _http.GetAsync($"/api/orders/{orderId}/events")).JsonArray();
        events.Select(e => e!["type"]!.GetValue<string>()).ShouldBe(
            ["OrderCreated", "ItemAdded", "ItemAdded", "ItemRemoved", "OrderPlaced", "PaymentRecorded", "OrderShipped", "OrderDelivered"]);
    }

    private async Task Same(string orderId, JsonNode? graphql)
    {
        var rest = await _http.GetJson($"/api/orders/{orderId}");
        JsonNode.DeepEquals(GraphQLClient.WithoutNulls(graphql), rest).ShouldBeTrue($"GraphQL {graphql}\nREST    {rest}");
    }
}
