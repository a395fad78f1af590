using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using GraphQL;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>GraphQL beside REST on a silo on Azurite: the same orders, answers, rules, keys and error codes.</summary>
public class GraphQLApiTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private const string OrderFields = """
        orderId customerId status currency total amountPaid version createdAt updatedAt cancellationReason personalDataErased
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

    [Fact]
    public async Task Every_query_answers_what_REST_answers_for_the_same_order()
    {
        var (orderId, customer) = (TestNames.OrderId("gql-q"), TestNames.OrderId("gql-q-customer"));
        var product = TestNames.OrderId("gql-sku");
        await _http.Create(orderId, customer, 4m, quantity: 3);
        (await _http.PostRaw($"/api/orders/{orderId}/items", $$"""{"productId":"{{product}}","name":"Thing","quantity":2,"unitPrice":1.5}""")).EnsureSuccessStatusCode();
        await _http.Place(orderId);
        var paid = await _http.PostRaw($"/api/orders/{orderId}/payments", """{"amount":15}""");
        paid.EnsureSuccessStatusCode();
        // The analytics too must hold the payment before both APIs are asked: its token makes both reads wait for it.
        var token = paid.Headers.GetValues("Consistency-Token").Single();
        await _http.CustomerOnceProjected(customer, c => c["paidCount"]!.GetValue<int>() == 1);
        // The product view once it holds the payment too (its revenue), which it may store after the customer view.
        await Eventually.Until(async () =>
        {
            var response = await _http.GetAsync($"/api/products/{product}");
            return response.IsSuccessStatusCode ? await response.Json() : null;
        }, p => p?["revenue"]?.AsObject().Count > 0);

        var data = await _http.Data($$"""
            {
              order(id: "{{orderId}}") { {{OrderFields}} events { version type data occurredAt userId commandId correlationId causationId } }
              v2: orderHistory(id: "{{orderId}}", version: 2) { {{OrderFields}} }
              customer(id: "{{customer}}") { customerId orderCount placedCount paidCount cancelledCount lifetimeValue { currency amount }
                firstOrderAt lastOrderAt recentOrders { orderId customerId status currency total amountPaid itemCount createdAt updatedAt placedAt paidAt version } }
              product(id: "{{product}}") { productId name orders unitsInCart unitsReserved unitsShipped unitsDelivered unitsCancelled unitsOrdered revenue { currency amount } }
              analytics(consistencyToken: "{{token}}") { totalOrders byStatus { status orders currency value } byDay { date currency ordersCreated ordersPlaced ordersPaid ordersCancelled revenue } }
            }
            """);

        var order = data["order"]!.AsObject();
        var events = order["events"]!.DeepClone().AsArray();
        order.Remove("events");
        JsonNode.DeepEquals(GraphQLClient.WithoutNulls(order), await _http.GetJson($"/api/orders/{orderId}")).ShouldBeTrue(order.ToJsonString());
        var restEvents = await (await _http.GetAsync($"/api/orders/{orderId}/events")).JsonArray();
        events.Select(e => (e!["version"]!.GetValue<int>(), e["type"]!.GetValue<string>(), JsonNode.Parse(e["data"]!.GetValue<string>())!.ToJsonString()))
            .ShouldBe(restEvents.Select(e => (e!["version"]!.GetValue<int>(), e["type"]!.GetValue<string>(), e["data"]!.ToJsonString())));
        JsonNode.DeepEquals(GraphQLClient.WithoutNulls(data["v2"]), await _http.GetJson($"/api/orders/{orderId}/history?version=2")).ShouldBeTrue(data["v2"]!.ToJsonString());
        JsonNode.DeepEquals(PerCurrency(data["customer"]!, "lifetimeValue"), await _http.GetJson($"/api/customers/{customer}")).ShouldBeTrue(data["customer"]!.ToJsonString());
        JsonNode.DeepEquals(PerCurrency(data["product"]!, "revenue"), await _http.GetJson($"/api/products/{product}")).ShouldBeTrue(data["product"]!.ToJsonString());
        var analytics = await (await _http.Send(HttpMethod.Get, "/api/analytics/summary", null, ("Consistency-Token", token))).Json();
        JsonNode.DeepEquals(GraphQLClient.WithoutNulls(data["analytics"]), analytics).ShouldBeTrue(data["analytics"]!.ToJsonString());
        // Projections move on by themselves; what does not (name, generation, dead letters, state once idle) matches.
        var projections = (await _http.Data("{ projections { name activeGeneration deadLetters state } }"))["projections"]!.AsArray();
        var restProjections = await (await _http.GetAsync("/api/projections")).JsonArray();
        projections.Select(p => (p!["name"]!.GetValue<string>(), p["activeGeneration"]!.GetValue<int>(), p["deadLetters"]!.GetValue<int>(), p["state"]!.GetValue<string>()))
            .ShouldBe(restProjections.Select(p => (p!["name"]!.GetValue<string>(), p["activeGeneration"]!.GetValue<int>(), p["deadLetters"]!.GetValue<int>(), p["state"]!.GetValue<string>())), ignoreOrder: true);
    }

    [Fact]
    public async Task Orders_page_on_by_cursor_across_pages_as_the_REST_list_does()
    {
        var customer = TestNames.OrderId("gql-pages");
        var ids = Enumerable.Range(0, 5).Select(i => TestNames.OrderId($"gql-page{i}")).ToList();
        foreach (var id in ids)
        {
            await _http.Create(id, customer, 1m);
        }
        await _http.ListOnceProjected($"customerId={customer}", p => p["totalCount"]!.GetValue<int>() == 5);

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = (await _http.Data("""
                query ($customer: ID, $after: String) { orders(customerId: $customer, first: 2, after: $after) {
                  totalCount edges { cursor node { orderId } } pageInfo { hasNextPage endCursor } } }
                """, new { customer, after }))["orders"]!;
            page["totalCount"]!.GetValue<int>().ShouldBe(5);
            seen.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!["orderId"]!.GetValue<string>()));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
            pages++;
        }
        while (after is not null);

        pages.ShouldBe(3);
        seen.ShouldBe(ids.AsEnumerable().Reverse(), "newest first, each once");
        var rest = await _http.GetJson($"/api/orders?customerId={customer}&pageSize=5");
        rest["items"]!.AsArray().Select(i => i!["orderId"]!.GetValue<string>()).ShouldBe(seen);
    }

    [Fact]
    public async Task Each_REST_problem_code_is_a_GraphQL_error_code_with_the_field_path()
    {
        var (orderId, customer) = (TestNames.OrderId("gql-err"), TestNames.OrderId("gql-err-customer"));
        await _http.Create(orderId, customer, 5m);
        var missing = TestNames.OrderId("gql-missing");

        async Task Expect(string code, string path, string query)
        {
            var (actual, actualPath, error) = await _http.Error(query);
            (actual, actualPath).ShouldBe((code, path), error.ToJsonString());
        }

        await Expect("order.not-found", "order", $$"""{ order(id: "{{missing}}") { orderId } }""");
        await Expect("request.invalid", "order", """{ order(id: "not an id!") { orderId } }""");
        await Expect("customer.not-found", "customer", $$"""{ customer(id: "{{missing}}") { orderCount } }""");
        await Expect("product.not-found", "product", $$"""{ product(id: "{{missing}}") { orders } }""");
        await Expect("request.invalid", "orders", """{ orders(first: 1000) { totalCount } }""");
        await Expect("request.invalid", "orders", """{ orders(sort: "cheapest") { totalCount } }""");
        await Expect("order.not-placed", "recordPayment", $$"""mutation { recordPayment(orderId: "{{orderId}}", amount: 5) { version } }""");
        await Expect("order.version-stale", "placeOrder", $$"""mutation { placeOrder(orderId: "{{orderId}}", expectedVersion: 1) { version } }""");
        await Expect("order.not-found", "placeOrder", $$"""mutation { placeOrder(orderId: "{{missing}}") { version } }""");
        await Expect("item.not-in-order", "removeItem", $$"""mutation { removeItem(orderId: "{{orderId}}", productId: "NOPE") { version } }""");
        await Expect("order.already-exists", "createOrder", $$"""mutation { createOrder(input: { orderId: "{{orderId}}", customerId: "{{customer}}" }) { version } }""");
        await Expect("order.invalid-customer-id", "createOrder", """mutation { createOrder(input: { customerId: "a b" }) { version } }""");
        await _http.Data($$"""mutation { placeOrder(orderId: "{{orderId}}", idempotencyKey: "gql-place") { version } }""");
        await Expect("idempotency.key-reused", "cancelOrder", $$"""mutation { cancelOrder(orderId: "{{orderId}}", reason: "x", idempotencyKey: "gql-place") { version } }""");
        await Expect("payment.insufficient", "recordPayment", $$"""mutation { recordPayment(orderId: "{{orderId}}", amount: 1) { version } }""");
        await Expect("order.not-paid", "shipOrder", $$"""mutation { shipOrder(orderId: "{{orderId}}", carrier: "UPS", trackingNumber: "1") { version } }""");
        // The stale error says where the order is now, as REST's currentVersion does.
        var (_, _, stale) = await _http.Error($$"""mutation { cancelOrder(orderId: "{{orderId}}", reason: "x", expectedVersion: 2) { version } }""");
        stale["extensions"]!["data"]!["currentVersion"]!.GetValue<int>().ShouldBe(3);
    }

    [Fact]
    public async Task Keys_and_scopes_are_those_of_REST()
    {
        using var anonymous = silo.App.ClientWithKey(null);
        var refused = await anonymous.PostAsJsonAsync("/graphql", new { query = "{ projections { name } }" });
        await refused.Problem(HttpStatusCode.Unauthorized, "auth.key-required");

        using var reader = silo.App.ClientWithKey(SiloApp.ReaderKey);
        (await reader.Data("{ projections { name state } }"))["projections"]!.AsArray().Count.ShouldBe(4);
        var (code, path, _) = await reader.Error($$"""mutation { createOrder(input: { customerId: "C" }) { orderId } }""");
        (code, path).ShouldBe(("auth.scope-missing", "createOrder"));

        using var writer = silo.App.ClientWithKey(SiloApp.WriterKey);
        (await writer.Data($$"""mutation { createOrder(input: { customerId: "C" }) { status } }"""))["createOrder"]!["status"]!.GetValue<string>().ShouldBe("Created");
        (await writer.Error("{ projections { name } }")).Code.ShouldBe("auth.scope-missing");
        // GET carries queries only.
        var viaGet = await (await _http.GetAsync("/graphql?query=" + Uri.EscapeDataString("mutation { placeOrder(orderId: \"x\") { version } }"))).Json();
        viaGet["errors"]![0]!["extensions"]!["code"]!.GetValue<string>().ShouldBe("request.method-not-allowed");
        var query = await (await _http.GetAsync("/graphql?query=" + Uri.EscapeDataString("{ projections { name } }"))).Json();
        query["data"]!["projections"]!.AsArray().Count.ShouldBe(4);
    }

    [Fact]
    public async Task Queries_past_the_depth_or_complexity_limit_and_introspection_outside_Development_are_refused()
    {
        // A full page of orders with every field is within the limit; ten of them in one query are not.
        var page = "orders(first: 100) { edges { node { orderId customerId status currency total amountPaid itemCount createdAt updatedAt version } } }";
        (await _http.GraphQL($"{{ {page} }}"))["errors"].ShouldBeNull();
        var many = string.Join(" ", Enumerable.Range(0, 10).Select(i => $"o{i}: {page}"));
        (await Messages($"{{ {many} }}")).ShouldContain(m => m.Contains("complexity", StringComparison.OrdinalIgnoreCase));
        // A page size in a variable is weighed with the value sent.
        var sized = "query ($n: Int) { " + string.Join(" ", Enumerable.Range(0, 10).Select(i => $"o{i}: {page.Replace("first: 100", "first: $n", StringComparison.Ordinal)}")) + " }";
        (await _http.GraphQL(sized, new { n = 1 }))["errors"].ShouldBeNull();
        (await _http.GraphQL(sized, new { n = 100 }))["errors"]!.AsArray().ShouldContain(e => e!["message"]!.GetValue<string>().Contains("complexity", StringComparison.OrdinalIgnoreCase));

        const string Introspect = "{ __schema { queryType { name } } }";
        (await Messages(_http, Introspect)).ShouldContain(m => m.Contains("introspection", StringComparison.OrdinalIgnoreCase));
        (await _http.GetAsync("/graphql/ui")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Where introspection is on (Development, or GraphQL:Introspection), the schema's only recursion is bounded by depth.
        await using var open = new SiloApp(silo.ConnectionString) { Settings = { ["GraphQL:Introspection"] = "true" } };
        var tools = open.CreateClient();
        (await tools.Data(Introspect))["__schema"]!["queryType"]!["name"]!.GetValue<string>().ShouldBe("Query");
        (await open.ClientWithKey(null).GetStringAsync("/graphql/ui")).ShouldContain("<h1>GraphQL explorer</h1>");
        var deep = "{ __schema { types { fields { type " + string.Concat(Enumerable.Repeat("{ ofType ", 10)) + "{ name }" + string.Concat(Enumerable.Repeat(" }", 10)) + " } } } }";
        var refused = await Messages(tools, deep);
        refused.ShouldContain(m => m.Contains("depth", StringComparison.OrdinalIgnoreCase), string.Join(" | ", refused));
    }

    private async Task<List<string>> Messages(string query) => await Messages(_http, query);

    private static async Task<List<string>> Messages(HttpClient http, string query)
    {
        var answer = await http.GraphQL(query);
        answer["data"].ShouldBeNull(answer.ToJsonString()[..Math.Min(400, answer.ToJsonString().Length)]);
        return [.. answer["errors"]!.AsArray().Select(e => e!["message"]!.GetValue<string>())];
    }

    [Fact]
    public async Task A_subscription_over_a_WebSocket_receives_an_orders_events_within_two_seconds_of_the_command()
    {
        var (orderId, customer) = (TestNames.OrderId("gql-live"), TestNames.OrderId("gql-live-customer"));
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        socket.Options.SetRequestHeader("X-Api-Key", SiloApp.TestKey);
        await socket.ConnectAsync(new UriBuilder(_http.BaseAddress!) { Scheme = "ws", Path = "/graphql" }.Uri, CancellationToken.None);
        socket.SubProtocol.ShouldBe("graphql-transport-ws");
        await socket.Send(new { type = "connection_init" });
        (await socket.Receive(TimeSpan.FromSeconds(5)))["type"]!.GetValue<string>().ShouldBe("connection_ack");
        await socket.Send(new
        {
            id = "live",
            type = "subscribe",
            payload = new { query = "subscription ($id: ID) { orderEvents(orderId: $id) { orderId customerId version type } }", variables = new { id = orderId } },
        });
        // Messages are handled in order: the pong means the subscription is in place.
        await socket.Send(new { type = "ping" });
        (await socket.Receive(TimeSpan.FromSeconds(5)))["type"]!.GetValue<string>().ShouldBe("pong");

        await _http.Create(orderId, customer, 2m);

        var created = await socket.Receive(TimeSpan.FromSeconds(2));
        (created["type"]!.GetValue<string>(), created["id"]!.GetValue<string>()).ShouldBe(("next", "live"));
        var first = created["payload"]!["data"]!["orderEvents"]!;
        (first["orderId"]!.GetValue<string>(), first["customerId"]!.GetValue<string>(), first["version"]!.GetValue<int>(), first["type"]!.GetValue<string>())
            .ShouldBe((orderId, customer, 1, "OrderCreated"));
        (await socket.Receive(TimeSpan.FromSeconds(2)))["payload"]!["data"]!["orderEvents"]!["type"]!.GetValue<string>().ShouldBe("ItemAdded");

        await socket.Send(new { id = "live", type = "complete" });
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task The_committed_SDL_is_the_running_schema()
    {
        var sdl = silo.App.Services.GetRequiredService<OrderOrleans.Silo.GraphQL.OrderSchema>().Print() + "\n";
        var committed = Path.Combine(Repository.Root, "schema.graphql");
        // After a deliberate change to the schema: UPDATE_SCHEMA=1 dotnet test --filter GraphQLApiTests
        if (Environment.GetEnvironmentVariable("UPDATE_SCHEMA") == "1")
        {
            await File.WriteAllTextAsync(committed, sdl);
        }
        (await File.ReadAllTextAsync(committed)).ShouldBe(sdl, "schema.graphql differs from the running schema: run `UPDATE_SCHEMA=1 dotnet test tests/OrderOrleans.Tests --filter GraphQLApiTests` and commit it.");
    }

    /// <summary>A view with its per-currency amounts as REST writes them ({ "USD": 15 }) rather than GraphQL's list.</summary>
    private static JsonObject PerCurrency(JsonNode graphql, string field)
    {
        var copy = GraphQLClient.WithoutNulls(graphql)!.AsObject();
        copy[field] = new JsonObject(copy[field]!.AsArray().Select(m => KeyValuePair.Create(m!["currency"]!.GetValue<string>(), (JsonNode?)m["amount"]!.DeepClone())));
        return copy;
    }

    private async Task Same(string orderId, JsonNode? graphql)
    {
        var rest = await _http.GetJson($"/api/orders/{orderId}");
        JsonNode.DeepEquals(GraphQLClient.WithoutNulls(graphql), rest).ShouldBeTrue($"GraphQL {graphql}\nREST    {rest}");
    }
}
