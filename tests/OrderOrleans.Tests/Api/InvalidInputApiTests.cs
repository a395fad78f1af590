using System.Net;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>Input the API cannot accept answers 400 with a problem naming the field, never 500, and stores nothing.</summary>
public class InvalidInputApiTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private readonly HttpClient _http = silo.Client;

    public static TheoryData<string, string> BadCreates => new()
    {
        { """{"customerId":""", "customerId" },
        { """not json at all""", "body" },
        { """{"customerId":42}""", "customerId" },
        { """{"customerId":"C","items":[{"productId":"A","quantity":"two","unitPrice":1}]}""", "items[0].quantity" },
        { """{"customerId":"C","items":[{"productId":"A","quantity":"2","unitPrice":1}]}""", "items[0].quantity" },
        { """{"customerId":"C","items":[{"productId":"A","quantity":1.5,"unitPrice":1}]}""", "items[0].quantity" },
        { """{"customerId":"C","items":[{"productId":"A","quantity":99999999999,"unitPrice":1}]}""", "items[0].quantity" },
        { """{"customerId":"C","items":{"productId":"A"}}""", "items" },
        { """{"currency":"USD"}""", "customerId" },
        { """{"customerId":"C","items":[{"productId":"A","quantity":-1,"unitPrice":1}]}""", "items[0].quantity" },
        { """{"customerId":"C","items":[{"productId":"A","quantity":1,"unitPrice":0}]}""", "items[0].unitPrice" },
        { """{"customerId":"C","items":[{"productId":"A","quantity":1}]}""", "items[0].unitPrice" },
        { """{"customerId":"C","items":[{"quantity":1,"unitPrice":1}]}""", "items[0].productId" },
        { """{"customerId":"C","currency":"dollars"}""", "currency" },
        { """{"customerId":"C","shippingAddress":{"line1":"x"}}""", "shippingAddress.city" },
        { """{"orderId":"a/b","customerId":"C"}""", "orderId" },
        { """{"orderId":"a\\b","customerId":"C"}""", "orderId" },
        { """{"orderId":"a#b","customerId":"C"}""", "orderId" },
        { """{"orderId":"a?b","customerId":"C"}""", "orderId" },
        { """{"orderId":"tab\there","customerId":"C"}""", "orderId" },
        { """{"orderId":"nul\u0000","customerId":"C"}""", "orderId" },
        { """{"orderId":"","customerId":"C"}""", "orderId" },
        { $$"""{"orderId":"{{new string('x', 129)}}","customerId":"C"}""", "orderId" },
        { """{"customerId":"x' or PartitionKey ne '"}""", "customerId" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task A_bad_create_is_400_naming_the_field(string json, string field)
    {
        var response = await _http.PostRaw("/api/orders", json);

        var problem = await response.Problem(HttpStatusCode.BadRequest);
        if (field.Length > 0)
        {
            problem.ErrorFields().ShouldContain(field);
        }
    }

    [Theory]
    [InlineData("a%23b")]
    [InlineData("a%3Fb")]
    [InlineData("a%5Cb")]
    [InlineData("a%2Fb")]
    [InlineData("a%09b")]
    [InlineData("caf%C3%A9")]
    public async Task An_order_id_Azure_keys_forbid_in_the_path_is_400(string escapedId)
    {
        foreach (var response in new[]
        {
            await _http.PostRaw($"/api/orders/{escapedId}/place", "{}"),
            await _http.GetAsync($"/api/orders/{escapedId}"),
            await _http.GetAsync($"/api/orders/{escapedId}/events"),
        })
        {
            (await response.Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain("orderId");
        }
    }

    [Fact]
    public async Task Broken_JSON_names_the_body_and_where_it_broke()
    {
        var problem = await (await _http.PostRaw("/api/orders", "{\n  \"customerId\": \"C\",\n  oops\n}")).Problem(HttpStatusCode.BadRequest, "request.malformed-json");
        problem.ErrorFields().ShouldBe(["body"]);
        problem["detail"]!.GetValue<string>().ShouldBe("The body is not well-formed JSON: the error is at line 3, position 3.");
    }

    [Fact]
    public async Task An_order_id_over_128_characters_in_the_path_is_400() =>
        (await (await _http.GetAsync($"/api/orders/{new string('x', 129)}")).Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain("orderId");

    [Theory]
    [InlineData("items", "", "body")]
    [InlineData("items", """{"productId":"A","quantity":-5,"unitPrice":1}""", "quantity")]
    [InlineData("items", """{"productId":"A","quantity":true,"unitPrice":1}""", "quantity")]
    [InlineData("payments", """{"amount":"lots"}""", "amount")]
    [InlineData("payments", """{"amount":-1}""", "amount")]
    [InlineData("payments", """{}""", "amount")]
    [InlineData("ship", """{"carrier":"UPS"}""", "trackingNumber")]
    [InlineData("deliver", """{"signedBy":null}""", "signedBy")]
    [InlineData("cancel", """{"reason":""}""", "reason")]
    public async Task A_bad_command_body_is_400_naming_the_field(string command, string json, string field)
    {
        var id = TestNames.OrderId();
        (await _http.PostRaw("/api/orders", $$"""{"orderId":"{{id}}","customerId":"C"}""")).EnsureSuccessStatusCode();

        var response = json.Length == 0
            ? await _http.Post($"/api/orders/{id}/{command}")
            : await _http.PostRaw($"/api/orders/{id}/{command}", json);

        (await response.Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain(field);
        (await (await _http.GetAsync($"/api/orders/{id}/events")).JsonArray()).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("Idempotency-Key", "has space")]
    [InlineData("Idempotency-Key", "slash/key")]
    [InlineData("If-Match", "W/\"1\"")]
    [InlineData("If-Match", "\"one\"")]
    [InlineData("If-Match", "1")]
    public async Task A_bad_header_is_400_naming_it(string header, string value)
    {
        var response = await _http.PostRaw("/api/orders", """{"customerId":"C"}""", (header, value));

        (await response.Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain(header);
    }

    [Theory]
    [InlineData("fromVersion=0", "fromVersion")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=5000", "limit")]
    public async Task Bad_event_paging_is_400(string query, string field)
    {
        var response = await _http.GetAsync($"/api/orders/{TestNames.OrderId()}/events?{query}");

        (await response.Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain(field);
    }

    [Fact]
    public async Task A_non_numeric_paging_value_is_400_not_500()
    {
        var response = await _http.GetAsync($"/api/orders/{TestNames.OrderId()}/events?limit=lots");

        await response.Problem(HttpStatusCode.BadRequest);
    }
}
