using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OrderOrleans.Domain;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>
/// Crypto-shredding on a silo on Azurite: personal fields are stored sealed under the customer's data key, and erasing the
/// key erases them from every read path while the orders' events, versions and totals stay.
/// </summary>
public class PersonalDataErasureTests : IAsyncLifetime
{
    private const string Street = "221B Baker Street";
    private const string Signer = "Irene Adler";

    private string _connectionString = "";
    private SiloApp _silo = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _connectionString = (await AzuriteServer.Shared).ConnectionString;
        _silo = Silo(TestNames.Prefix());
        _http = _silo.CreateClient();
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    // Snapshots every 2 events, so the order's snapshots are part of what must hold no clear address.
    private SiloApp Silo(string prefix) => new(_connectionString, prefix) { Settings = { ["OrderOrleans:SnapshotEvery"] = "2" } };

    [Fact]
    public async Task Erasing_a_customer_erases_its_personal_fields_everywhere_and_keeps_its_orders()
    {
        var (customer, other) = (TestNames.OrderId("pd-customer"), TestNames.OrderId("pd-other"));
        var (orderId, otherOrder) = (TestNames.OrderId("pd-order"), TestNames.OrderId("pd-other-order"));
        await DeliveredOrder(orderId, customer);
        await CreateWithAddress(otherOrder, other);
        var before = await _http.GetJson($"/api/orders/{orderId}");
        before["shippingAddress"]!["line1"]!.GetValue<string>().ShouldBe(Street);
        before["delivery"]!["signedBy"]!.GetValue<string>().ShouldBe(Signer);
        before["personalDataErased"]!.GetValue<bool>().ShouldBeFalse();
        // Stored sealed: neither the log's rows nor the snapshots hold the address or the name in clear.
        (await StoredData(_silo.TablePrefix + "OrderEvents", orderId)).ShouldNotBeEmpty();
        await NothingInClear(orderId);
        await _http.CustomerOnceProjected(customer, c => c["orderCount"]!.GetValue<int>() == 1);

        (await _silo.ClientWithKey(SiloApp.ReaderKey).DeleteAsync($"/api/customers/{customer}/personal-data")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var unknown = await _http.DeleteAsync($"/api/customers/{TestNames.OrderId("pd-nobody")}/personal-data");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.Json())["code"]!.GetValue<string>().ShouldBe("customer.not-found");

        var erasure = await _http.DeleteAsync($"/api/customers/{customer}/personal-data");
        erasure.StatusCode.ShouldBe(HttpStatusCode.OK);
        var erased = await erasure.Json();
        erased["ordersAffected"]!.AsArray().Select(o => o!.GetValue<string>()).ShouldBe([orderId]);
        erased["keysErased"]!.GetValue<int>().ShouldBe(1);
        erased["erasedBy"]!.GetValue<string>().ShouldBe("test");

        await ShowsErased(_http, orderId, before);
        // Another customer's order keeps its address.
        (await _http.GetJson($"/api/orders/{otherOrder}"))["shippingAddress"]!["line1"]!.GetValue<string>().ShouldBe(Street);
        // Twice is fine: nothing left to delete, the same orders.
        var again = await _http.DeleteAsync($"/api/customers/{customer}/personal-data");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Json())["keysErased"]!.GetValue<int>().ShouldBe(0);
        // The read models never held personal data: verify finds them equal to the log's fold.
        (await _http.GetJson("/api/admin/verify"))["differences"]!.AsArray().ShouldBeEmpty();
        // The erasure is audited: who, when, how much, and no personal data.
        var audit = await Rows(_silo.TablePrefix + "PersonalDataAudit", customer);
        audit.Count.ShouldBe(2);
        audit.ShouldAllBe(r => r.GetString("ErasedBy") == "test" && !((IDictionary<string, object>)r).Values.OfType<string>().Any(v => v.Contains(Street)));

        // A new order of the customer gets a new key, and shows its address.
        var newOrder = TestNames.OrderId("pd-after");
        await CreateWithAddress(newOrder, customer);
        (await _http.GetJson($"/api/orders/{newOrder}"))["shippingAddress"]!["line1"]!.GetValue<string>().ShouldBe(Street);

        // A restart brings nothing back: no silo holds the erased key, and the table no longer has it.
        await _silo.DisposeAsync();
        _silo = Silo(_silo.TablePrefix);
        await ShowsErased(_silo.CreateClient(), orderId, before);
    }

    [Fact]
    public async Task Rows_stored_in_clear_before_encryption_are_read_and_erased_only_by_the_explicit_rewrite()
    {
        var (customer, orderId) = (TestNames.OrderId("pd-legacy-customer"), TestNames.OrderId("pd-legacy"));
        // An order as releases before encryption stored it: the address in clear, no KeyId.
        var log = _silo.Services.GetRequiredService<OrderEventLog>();
        var metadata = new EventMetadata(DateTimeOffset.UtcNow, "legacy-1", "legacy-1", "legacy-1", "test");
        await log.AppendAsync([new EventEnvelope(orderId, 1, new OrderCreated(customer, "EUR", new Address(Street, null, "London", "NW1 6XE", "GB", "S. Holmes")), metadata)]);
        await log.AppendAsync([new EventEnvelope(orderId, 2, new ItemAdded("SKU-1", "Pipe", 2, 10m), metadata with { CommandId = "legacy-2" })]);
        var before = await _http.GetJson($"/api/orders/{orderId}");
        before["shippingAddress"]!["line1"]!.GetValue<string>().ShouldBe(Street);
        await _http.CustomerOnceProjected(customer, c => c["orderCount"]!.GetValue<int>() == 1);

        // Deleting keys cannot reach a clear row.
        (await _http.DeleteAsync($"/api/customers/{customer}/personal-data")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _http.GetJson($"/api/orders/{orderId}"))["shippingAddress"]!["line1"]!.GetValue<string>().ShouldBe(Street);

        var legacy = $"/api/customers/{customer}/personal-data/legacy-erasure";
        (await _silo.ClientWithKey(SiloApp.ReaderKey).PostAsync(legacy, null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var rewrite = await _http.PostAsync(legacy, null);
        rewrite.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await rewrite.Json();
        answer["rowsRewritten"]!.GetValue<int>().ShouldBe(1);
        answer["ordersAffected"]!.AsArray().Select(o => o!.GetValue<string>()).ShouldBe([orderId]);

        var after = await _http.GetJson($"/api/orders/{orderId}");
        after["shippingAddress"].ShouldBeNull();
        after["personalDataErased"]!.GetValue<bool>().ShouldBeTrue();
        JsonNode.DeepEquals(after["items"], before["items"]).ShouldBeTrue();
        after["version"]!.GetValue<int>().ShouldBe(2);
        var rows = await Rows(_silo.TablePrefix + "OrderEvents", orderId);
        rows.ShouldAllBe(r => !r.GetString("Data").Contains(Street) && !r.GetString("Data").Contains("Holmes"));
        // Only the personal fields changed: the row keeps its metadata, the other row is as it was.
        rows.Select(r => r.GetString("CommandId")).ShouldBe(["legacy-1", "legacy-2"]);
        rows[1].GetString("Data").ShouldContain("Pipe");
        // Again is harmless: nothing left in clear.
        (await (await _http.PostAsync(legacy, null)).Json())["rowsRewritten"]!.GetValue<int>().ShouldBe(0);
        (await Rows(_silo.TablePrefix + "PersonalDataAudit", customer)).Select(r => r.GetString("Kind")).ShouldContain("legacy-rewrite");
        (await _http.GetJson("/api/admin/verify"))["differences"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task An_erasure_holds_against_commands_racing_it_on_every_read_path()
    {
        // Each round: orders one command short of a snapshot, the erasure, and one command per order spread over it.
        var random = new Random(42);
        var reader = _silo.ClientWithKey(SiloApp.ReaderKey);
        for (var round = 0; round < 3; round++)
        {
            var customer = TestNames.OrderId($"pd-race-{round}");
            var orders = Enumerable.Range(0, 20).Select(i => TestNames.OrderId($"pd-race-{round}-{i}")).ToArray();
            await Task.WhenAll(orders.Select(async orderId =>
            {
                await CreateWithAddress(orderId, customer);
                (await _http.Post($"/api/orders/{orderId}/items", new { productId = "SKU-2", quantity = 1, unitPrice = 1m })).EnsureSuccessStatusCode();
            }));
            var erasure = _http.DeleteAsync($"/api/customers/{customer}/personal-data");
            var commands = orders.Select(async orderId =>
            {
                await Task.Delay(random.Next(0, 60));
                return await _http.Post($"/api/orders/{orderId}/items", new { productId = "SKU-3", quantity = 1, unitPrice = 1m });
            }).ToArray();
            (await erasure).StatusCode.ShouldBe(HttpStatusCode.OK);
            // A command answered before the erasure took effect may still show the address; what matters is what stays.
            (await Task.WhenAll(commands)).ShouldAllBe(c => c.StatusCode == HttpStatusCode.OK);

            // No key was made for the erased customer (only a new order of theirs would), so nothing stored can be opened.
            (await Rows(_silo.TablePrefix + "CustomerKeys", customer)).ShouldNotContain(r => !r.RowKey.StartsWith("x-", StringComparison.Ordinal));
            foreach (var orderId in orders)
            {
                foreach (var url in new[] { $"/api/orders/{orderId}", $"/api/orders/{orderId}/history?at=2099-01-01T00:00:00Z", $"/api/orders/{orderId}/history?version=4" })
                {
                    var order = await reader.GetJson(url);
                    order["shippingAddress"].ShouldBeNull(url);
                    order["personalDataErased"]!.GetValue<bool>().ShouldBeTrue(url);
                }
                (await (await reader.GetAsync($"/api/orders/{orderId}/events")).Content.ReadAsStringAsync()).ShouldNotContain(Street);
                var graph = await reader.Data($$"""{ order(id: "{{orderId}}") { shippingAddress { recipient } personalDataErased } orderHistory(id: "{{orderId}}", at: "2099-01-01T00:00:00Z") { shippingAddress { recipient } personalDataErased } }""");
                foreach (var field in new[] { "order", "orderHistory" })
                {
                    graph[field]!["shippingAddress"].ShouldBeNull(field);
                    graph[field]!["personalDataErased"]!.GetValue<bool>().ShouldBeTrue(field);
                }
                (await StoredData(_silo.TablePrefix + "OrderSnapshots", orderId)).ShouldAllBe(d => !d.Contains(Street) && !d.Contains("Holmes"));
            }
        }
    }

    [Fact]
    public async Task A_delivery_recorded_after_the_erasure_of_an_older_order_stores_who_signed_as_erased()
    {
        var (customer, orderId) = (TestNames.OrderId("pd-late-customer"), TestNames.OrderId("pd-late"));
        await CreateWithAddress(orderId, customer);
        await _http.Place(orderId);
        await _http.Pay(orderId, 20m);
        (await _http.PostRaw($"/api/orders/{orderId}/ship", """{"carrier":"UPS","trackingNumber":"1Z"}""")).EnsureSuccessStatusCode();
        (await _http.DeleteAsync($"/api/customers/{customer}/personal-data")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var delivered = await _http.PostRaw($"/api/orders/{orderId}/deliver", $$"""{"signedBy":"{{Signer}}"}""");
        delivered.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await delivered.Json();
        answer["delivery"]!["signedBy"].ShouldBeNull();
        answer["personalDataErased"]!.GetValue<bool>().ShouldBeTrue();
        (await StoredData(_silo.TablePrefix + "OrderEvents", orderId)).ShouldAllBe(d => !d.Contains(Signer));
        (await _silo.ClientWithKey(SiloApp.ReaderKey).GetJson($"/api/orders/{orderId}"))["delivery"]!["signedBy"].ShouldBeNull();
        (await Rows(_silo.TablePrefix + "CustomerKeys", customer)).ShouldNotContain(r => !r.RowKey.StartsWith("x-", StringComparison.Ordinal));
    }

    private static async Task ShowsErased(HttpClient http, string orderId, JsonObject before)
    {
        var after = await http.GetJson($"/api/orders/{orderId}");
        after["shippingAddress"].ShouldBeNull();
        after["delivery"]!["signedBy"].ShouldBeNull();
        after["personalDataErased"]!.GetValue<bool>().ShouldBeTrue();
        // Everything else is as it was.
        foreach (var field in new[] { "status", "items", "total", "amountPaid", "version", "createdAt", "updatedAt", "shipment", "customerId" })
        {
            JsonNode.DeepEquals(after[field], before[field]).ShouldBeTrue(field);
        }
        // The audit trail: every event still there, the personal ones saying they were erased.
        var events = await (await http.GetAsync($"/api/orders/{orderId}/events")).JsonArray();
        events.Count.ShouldBe(before["version"]!.GetValue<int>());
        var created = events.Single(e => e!["type"]!.GetValue<string>() == "OrderCreated")!;
        created["data"]!["shippingAddress"].ShouldBeNull();
        created["personalDataErased"]!.GetValue<bool>().ShouldBeTrue();
        var delivered = events.Single(e => e!["type"]!.GetValue<string>() == "OrderDelivered")!;
        delivered["data"]!["signedBy"].ShouldBeNull();
        events.Where(e => e!["type"]!.GetValue<string>() is "ItemAdded").ShouldAllBe(e => !e!["personalDataErased"]!.GetValue<bool>());
        // A what-if replay folds the same log, and GraphQL reads the same order.
        var replay = await (await http.PostAsJsonAsync($"/api/orders/{orderId}/replay", new { })).Json();
        replay["order"]!["shippingAddress"].ShouldBeNull();
        replay["order"]!["personalDataErased"]!.GetValue<bool>().ShouldBeTrue();
        var graph = (await http.Data($$"""{ order(id: "{{orderId}}") { shippingAddress { line1 } delivery { signedBy } personalDataErased } }"""))["order"]!;
        graph["shippingAddress"].ShouldBeNull();
        graph["delivery"]!["signedBy"].ShouldBeNull();
        graph["personalDataErased"]!.GetValue<bool>().ShouldBeTrue();
        // Time travel too, from the log and from a snapshot.
        foreach (var version in new[] { 1, 3 })
        {
            var past = await http.GetJson($"/api/orders/{orderId}/history?version={version}");
            past["shippingAddress"].ShouldBeNull();
            past["personalDataErased"]!.GetValue<bool>().ShouldBeTrue();
        }
    }

    private async Task DeliveredOrder(string orderId, string customer)
    {
        await CreateWithAddress(orderId, customer);
        await _http.Place(orderId);
        await _http.Pay(orderId, 20m);
        (await _http.PostRaw($"/api/orders/{orderId}/ship", """{"carrier":"UPS","trackingNumber":"1Z"}""")).EnsureSuccessStatusCode();
        (await _http.PostRaw($"/api/orders/{orderId}/deliver", $$"""{"signedBy":"{{Signer}}"}""")).EnsureSuccessStatusCode();
    }

    private async Task CreateWithAddress(string orderId, string customer) =>
        (await _http.PostAsJsonAsync("/api/orders", new
        {
            orderId, customerId = customer, currency = "EUR",
            shippingAddress = new { line1 = Street, city = "London", postalCode = "NW1 6XE", country = "GB", recipient = "S. Holmes" },
            items = new[] { new { productId = "SKU-1", name = "Pipe", quantity = 2, unitPrice = 10m } },
        })).EnsureSuccessStatusCode();

    private async Task NothingInClear(string orderId)
    {
        foreach (var table in new[] { "OrderEvents", "OrderSnapshots" })
        {
            var data = await StoredData(_silo.TablePrefix + table, orderId);
            data.ShouldNotBeEmpty(table);
            data.ShouldAllBe(d => !d.Contains(Street) && !d.Contains(Signer) && !d.Contains("Holmes"), table);
        }
    }

    private async Task<List<string>> StoredData(string table, string orderId) =>
        [.. (await Rows(table, orderId)).Select(r => r.GetString("Data"))];

    private async Task<List<TableEntity>> Rows(string table, string partition)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in new TableClient(_connectionString, table).QueryAsync<TableEntity>(r => r.PartitionKey == partition))
        {
            rows.Add(row);
        }
        return rows;
    }
}
