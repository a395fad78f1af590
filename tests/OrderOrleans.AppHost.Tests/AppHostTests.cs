using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;

namespace OrderOrleans.AppHost.Tests;

/// <summary>The whole app model as `dotnet run --project aspire/OrderOrleans.AppHost` starts it: Azurite, two silos, the dashboard.</summary>
public class AppHostTests
{
    private static readonly TimeSpan s_startup = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Two_silos_form_one_cluster_and_an_order_written_through_one_reads_back_through_the_other()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OrderOrleans_AppHost>();
        await using var app = await builder.BuildAsync();
        using var startup = new CancellationTokenSource(s_startup);
        await app.StartAsync(startup.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("silo1", startup.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("silo2", startup.Token);
        using var first = app.CreateHttpClient("silo1");
        using var second = app.CreateHttpClient("silo2");
        // The Development key of src/OrderOrleans.Silo/appsettings.Development.json (documented in the README).
        first.DefaultRequestHeaders.Add("X-Api-Key", "local-dev-key");
        second.DefaultRequestHeaders.Add("X-Api-Key", "local-dev-key");

        var cluster = await Until(async () => JsonNode.Parse(await second.GetStringAsync("/api/cluster"))!.AsArray(),
            silos => silos.Count(s => s!["status"]!.GetValue<string>() == "Active") == 2);
        cluster.Count(s => s!["status"]!.GetValue<string>() == "Active").ShouldBe(2);

        var created = await first.PostAsJsonAsync("/api/orders", new
        {
            orderId = "E2E-1",
            customerId = "CUST-E2E",
            items = new[] { new { productId = "SKU-1", quantity = 2, unitPrice = 9.5m } },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await second.PostAsync("/api/orders/E2E-1/place", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.PostAsJsonAsync("/api/orders/E2E-1/payments", new { amount = 19m })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.PostAsJsonAsync("/api/orders/E2E-1/ship", new { carrier = "UPS", trackingNumber = "1Z" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.PostAsJsonAsync("/api/orders/E2E-1/deliver", new { signedBy = "Ann" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var order = JsonNode.Parse(await second.GetStringAsync("/api/orders/E2E-1"))!;
        order["status"]!.GetValue<string>().ShouldBe("Delivered");
        order["version"]!.GetValue<int>().ShouldBe(6);
        var events = JsonNode.Parse(await second.GetStringAsync("/api/orders/E2E-1/events"))!.AsArray();
        events.Select(e => e!["version"]!.GetValue<int>()).ShouldBe([1, 2, 3, 4, 5, 6]);
        var list = await Until(async () => JsonNode.Parse(await second.GetStringAsync("/api/orders?customerId=CUST-E2E"))!,
            page => page["items"]!.AsArray().Any(i => i!["status"]!.GetValue<string>() == "Delivered"));
        list["totalCount"]!.GetValue<int>().ShouldBe(1);
        (await first.GetAsync("/orleans")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await app.ResourceNotifications.WaitForResourceHealthyAsync("dashboard", startup.Token);
        using var dashboard = app.CreateHttpClient("dashboard");
        var home = await dashboard.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await home.Content.ReadAsStringAsync()).ShouldContain("OrderOrleans");
    }

    private static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (done(value) || timeout.IsCancellationRequested)
            {
                return value;
            }
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
