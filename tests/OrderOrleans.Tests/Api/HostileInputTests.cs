using System.Net;
using System.Text;
using Azure.Data.Tables;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>A silo of its own with one known order, so "nothing stored changed" can be checked after every request.</summary>
public sealed class HostileInputSilo : IAsyncLifetime
{
    public const string OrderId = "TARGET-1";

    public SiloApp App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public TableClient Events { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteServer.Shared;
        App = new SiloApp(azurite.ConnectionString);
        App.UseKestrel(0);
        App.StartServer();
        Client = App.CreateClient();
        Events = new TableServiceClient(azurite.ConnectionString).GetTableClient(App.TablePrefix + "OrderEvents");
        (await Client.PostRaw("/api/orders", $$"""{"orderId":"{{OrderId}}","customerId":"C","items":[{"productId":"SKU-1","quantity":1,"unitPrice":5}]}"""))
            .EnsureSuccessStatusCode();
    }

    public async Task<int> StoredRows()
    {
        var count = 0;
        await foreach (var _ in Events.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            count++;
        }
        return count;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Malformed and hostile requests: each answers 4xx with a problem body, never 500, and stores nothing.</summary>
public class HostileInputTests(HostileInputSilo silo) : IClassFixture<HostileInputSilo>
{
    private const string Order = "/api/orders/" + HostileInputSilo.OrderId;

    public static TheoryData<string, string, string?> Requests => new()
    {
        // Broken JSON
        { "POST", "/api/orders", "{" },
        { "POST", "/api/orders", "[]" },
        { "POST", "/api/orders", "\"just a string\"" },
        { "POST", "/api/orders", "{\"customerId\":\"C\",}" },
        { "POST", "/api/orders", "{'customerId':'C'}" },
        { "POST", "/api/orders", "null" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":1,\"unitPrice\":1" },
        { "POST", $"{Order}/items", "<xml/>" },
        // Wrong types
        { "POST", "/api/orders", "{\"customerId\":[\"C\"]}" },
        { "POST", "/api/orders", "{\"customerId\":{\"id\":\"C\"}}" },
        { "POST", "/api/orders", "{\"customerId\":\"C\",\"items\":\"many\"}" },
        { "POST", "/api/orders", "{\"customerId\":\"C\",\"shippingAddress\":\"here\"}" },
        { "POST", $"{Order}/items", "{\"productId\":7,\"quantity\":1,\"unitPrice\":1}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":\"1\",\"unitPrice\":1}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":1,\"unitPrice\":\"1.00\"}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":true,\"unitPrice\":1}" },
        { "POST", $"{Order}/cancel", "{\"reason\":42}" },
        // Huge numbers, NaN, infinities
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":99999999999999999999,\"unitPrice\":1}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":1,\"unitPrice\":1e400}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":1,\"unitPrice\":1e30}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":1,\"unitPrice\":NaN}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":1,\"unitPrice\":\"NaN\"}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":1,\"unitPrice\":Infinity}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":2147483648,\"unitPrice\":1}" },
        // Negative or zero quantities and prices
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":0,\"unitPrice\":1}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":-3,\"unitPrice\":1}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":1,\"unitPrice\":0}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":1,\"unitPrice\":-0.01}" },
        { "POST", "/api/orders", "{\"customerId\":\"C\",\"items\":[{\"productId\":\"A\",\"quantity\":-1,\"unitPrice\":1}]}" },
        // Duplicate items: same product at two prices, in one create and against the order
        { "POST", "/api/orders", "{\"customerId\":\"C\",\"items\":[{\"productId\":\"A\",\"quantity\":1,\"unitPrice\":1},{\"productId\":\"A\",\"quantity\":1,\"unitPrice\":2}]}" },
        { "POST", $"{Order}/items", "{\"productId\":\"SKU-1\",\"quantity\":1,\"unitPrice\":6}" },
        // Unicode and control characters in ids
        { "POST", "/api/orders", "{\"orderId\":\"caf\u00e9\",\"customerId\":\"C\"}" },
        { "POST", "/api/orders", "{\"orderId\":\"\u202Eevil\",\"customerId\":\"C\"}" },
        { "POST", "/api/orders", "{\"orderId\":\"a\\u0000b\",\"customerId\":\"C\"}" },
        { "POST", "/api/orders", "{\"orderId\":\"line\\nbreak\",\"customerId\":\"C\"}" },
        { "POST", "/api/orders", "{\"customerId\":\"\ud83d\ude00\"}" },
        { "POST", $"{Order}/items", "{\"productId\":\"tab\\tid\",\"quantity\":1,\"unitPrice\":1}" },
        { "GET", "/api/orders/caf%C3%A9", null },
        { "GET", "/api/orders/%E2%80%AEevil", null },
        { "DELETE", $"{Order}/items/a%09b", null },
        // OData-looking filter text and other injection attempts in query parameters and ids
        { "GET", "/api/orders?customerId='%20or%20PartitionKey%20ne%20'", null },
        { "GET", "/api/orders?status='%20or%201%20eq%201", null },
        { "GET", "/api/customers/'%20or%20PartitionKey%20ne%20'", null },
        { "GET", "/api/orders/x'%20or%20'1'%20eq%20'1/events", null },
        { "POST", "/api/orders", "{\"customerId\":\"C' or PartitionKey ne '\"}" },
        { "GET", "/api/orders?from=not-a-date", null },
        { "GET", "/api/orders?page=-1", null },
        { "GET", "/api/orders?pageSize=1000000", null },
        // Path traversal
        { "GET", "/api/orders/..%2F..%2Fetc%2Fpasswd", null },
        { "GET", "/api/orders/..%5C..%5Cwindows", null },
        { "POST", "/api/orders/..%2Fx/place", "{}" },
        { "GET", "/api/orders/%2E%2E/history?version=1", null },
        // Unknown enum values and fields out of range
        { "GET", "/api/orders?status=Lost", null },
        { "GET", "/api/orders?status=99", null },
        { "GET", "/api/orders?sort=drop-table", null },
        { "GET", $"{Order}/history?version=999", null },
        { "GET", $"{Order}/history?at=yesterday", null },
        { "POST", $"{Order}/replay", "{\"skipVersions\":[-1]}" },
        { "POST", $"{Order}/replay", "{\"insert\":[{\"afterVersion\":1,\"type\":\"OrderDeleted\",\"data\":{}}]}" },
        // Missing bodies and fields
        { "POST", $"{Order}/payments", null },
        { "POST", $"{Order}/ship", "{}" },
        { "POST", $"{Order}/deliver", "{\"signedBy\":\"\"}" },
        // Domain limits: a create of 1,000 lines of one product, a replay putting in 101 events
        { "POST", "/api/orders", "{\"customerId\":\"C\",\"items\":[" + string.Join(",", Enumerable.Repeat("{\"productId\":\"A\",\"quantity\":1,\"unitPrice\":1}", 1000)) + "]}" },
        { "POST", $"{Order}/replay", "{\"insert\":[" + string.Join(",", Enumerable.Repeat("{\"afterVersion\":1,\"type\":\"ItemAdded\",\"data\":{\"productId\":\"A\",\"name\":\"A\",\"quantity\":1,\"unitPrice\":1}}", 101)) + "]}" },
        // Null elements of arrays
        { "POST", "/api/orders", "{\"customerId\":\"C\",\"items\":[null]}" },
        { "POST", $"{Order}/replay", "{\"insert\":[null]}" },
        // Ids a URL would normalise away
        { "POST", "/api/orders", "{\"orderId\":\".\",\"customerId\":\"C\"}" },
        { "POST", "/api/orders", "{\"orderId\":\"..\",\"customerId\":\"C\"}" },
        { "POST", "/api/orders", "{\"customerId\":\"...\"}" },
        // Names that spoof what is shown: bidirectional override, zero-width joiner, a tower of combining marks, private use
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"name\":\"good\u202Edab\",\"quantity\":1,\"unitPrice\":1}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"name\":\"pay\u200Dpal\",\"quantity\":1,\"unitPrice\":1}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"name\":\"Z" + string.Concat(Enumerable.Repeat("\\u0301", 12)) + "\",\"quantity\":1,\"unitPrice\":1}" },
        { "POST", $"{Order}/cancel", "{\"reason\":\"\uE000\"}" },
        { "POST", "/api/orders", "{\"customerId\":\"C\",\"shippingAddress\":{\"line1\":\"1 Main\u202E\",\"city\":\"X\",\"country\":\"US\"}}" },
        // Names of only spaces, or with separators, noncharacters and fillers that render as nothing
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"name\":\"   \",\"quantity\":1,\"unitPrice\":1}" },
        { "POST", "/api/orders", "{\"customerId\":\"C\",\"shippingAddress\":{\"line1\":\"1 Main\",\"city\":\"X\",\"country\":\"US\",\"recipient\":\"  \"}}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"name\":\"one\u2028two\",\"quantity\":1,\"unitPrice\":1}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"name\":\"one\u2029two\",\"quantity\":1,\"unitPrice\":1}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"name\":\"x\uFFFE\",\"quantity\":1,\"unitPrice\":1}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"name\":\"\u3164\",\"quantity\":1,\"unitPrice\":1}" },
        { "POST", $"{Order}/cancel", "{\"reason\":\"\u2800\u2800\"}" },
        // Duplicate keys: refused rather than read as the last
        { "POST", "/api/orders", "{\"customerId\":\"C\",\"customerId\":\"D\"}" },
        { "POST", $"{Order}/items", "{\"productId\":\"A\",\"quantity\":1,\"quantity\":1000,\"unitPrice\":1}" },
        // A what-if event missing a member its type needs
        { "POST", $"{Order}/replay", "{\"insert\":[{\"afterVersion\":0,\"type\":\"OrderCreated\",\"data\":{\"customerId\":\"C\"}}]}" },
        { "POST", $"{Order}/replay", "{\"insert\":[{\"afterVersion\":1,\"type\":\"ItemAdded\",\"data\":{\"productId\":null,\"name\":\"A\",\"quantity\":1,\"unitPrice\":1}}]}" },
        // Headers
        { "POST", $"{Order}/place#If-Match:\"abc\"", null },
        { "POST", $"{Order}/place#Idempotency-Key:a b", null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_hostile_request_is_4xx_with_a_problem_and_changes_nothing(string method, string path, string? body)
    {
        var before = await silo.StoredRows();
        var (url, header) = path.Split('#') is [var u, var h] ? (u, h) : (path, null);
        var headers = header is null ? [] : new[] { (header[..header.IndexOf(':', StringComparison.Ordinal)], header[(header.IndexOf(':', StringComparison.Ordinal) + 1)..]) };

        var response = await silo.Client.Send(new HttpMethod(method), url, body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"), headers);

        var status = (int)response.StatusCode;
        status.ShouldBeInRange(400, 499, await response.Content.ReadAsStringAsync());
        await response.Problem(response.StatusCode, code: null);
        (await silo.StoredRows()).ShouldBe(before);
    }

    [Fact]
    public async Task A_10_MB_body_is_413_and_changes_nothing()
    {
        var before = await silo.StoredRows();
        var body = "{\"customerId\":\"" + new string('x', 10 * 1024 * 1024) + "\"}";

        HttpResponseMessage? response = null;
        try
        {
            response = await silo.Client.PostRaw("/api/orders", body);
        }
        catch (HttpRequestException)
        {
            // Kestrel may close the connection while the client is still sending: refused either way.
        }

        if (response is not null)
        {
            await response.Problem(HttpStatusCode.RequestEntityTooLarge, "request.too-large");
        }
        (await silo.StoredRows()).ShouldBe(before);
    }

    [Fact]
    public void The_table_holds_more_than_fifty_cases() => Requests.Count.ShouldBeGreaterThanOrEqualTo(50);
}
