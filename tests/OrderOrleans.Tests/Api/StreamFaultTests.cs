using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers.Streams.AzureQueue;
using Orleans.Streams;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Tests.Infrastructure;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>A silo whose <c>orders</c> stream loses, repeats, reorders, slows down or stalls as a test chooses.</summary>
public class FaultyStreamSilo : IAsyncLifetime
{
    public StreamFaults Faults { get; } = new();

    public SiloApp App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteServer.Shared;
        ConnectionString = azurite.ConnectionString;
        // Registered after the silo's own: the stream provider resolves the last factory registered under its name.
        App = new SiloApp(azurite.ConnectionString, services: s => s.AddKeyedSingleton<IQueueAdapterFactory>(
            OrderStreams.Provider, (sp, _) => new FaultyQueueAdapterFactory(AzureQueueAdapterFactory.Create(sp, OrderStreams.Provider), Faults)))
        {
            Settings = Settings,
        };
        Client = App.CreateClient();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    protected virtual Dictionary<string, string> Settings => [];
}

public class StreamFaultTests(FaultyStreamSilo silo) : IClassFixture<FaultyStreamSilo>
{
    private readonly HttpClient _http = silo.Client;

    [Fact]
    public async Task Lost_repeated_and_late_stream_messages_leave_every_view_matching_the_log()
    {
        var customer = TestNames.OrderId("faulty");
        var orders = Enumerable.Range(0, 12).Select(i => TestNames.OrderId($"f{i}")).ToArray();
        // Versions: 1 created, 2 item added (both from the create), 3 placed, 4 paid. Every lost event has a later one.
        for (var i = 0; i < orders.Length; i++)
        {
            var planned = (i % 3) switch
            {
                0 => new[] { (2, StreamFault.Drop), (3, StreamFault.Duplicate) },
                1 => [(1, StreamFault.Delay), (4, StreamFault.Duplicate)],
                _ => [(1, StreamFault.Duplicate), (3, StreamFault.Drop)],
            };
            foreach (var (version, fault) in planned)
            {
                silo.Faults.Plan(orders[i], version, fault);
            }
        }

        foreach (var order in orders)
        {
            await _http.Create(order, customer, 2.5m, quantity: 2);
            await _http.Place(order);
            await _http.Pay(order, 5m);
        }

        await EveryFaultHit(orders);
        var page = await _http.ListOnceProjected($"customerId={customer}&pageSize=50",
            p => p.Statuses().Count(s => s == "Paid") == orders.Length);
        page["items"]!.AsArray().ShouldAllBe(o => o!["total"]!.GetValue<decimal>() == 5m && o["version"]!.GetValue<int>() == 4
            && o["itemCount"]!.GetValue<int>() == 1);
        var stats = await _http.CustomerOnceProjected(customer, s => s["paidCount"]!.GetValue<int>() == 12);
        (stats["orderCount"]!.GetValue<int>(), stats["paidCount"]!.GetValue<int>(), stats["lifetimeValue"]!["USD"]!.GetValue<decimal>())
            .ShouldBe((12, 12, 60m));
        var report = await _http.GetJson("/api/admin/verify");
        Differences(report, orders).ShouldBeEmpty();
        (await _http.GetJson("/api/projections/order-list"))["deadLetters"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task A_lost_last_message_is_named_by_verify_and_mended_by_repair()
    {
        var (order, customer) = await PlacedWithItsLastMessageLost("lastlost");

        var report = await _http.GetJson("/api/admin/verify");

        var difference = Differences(report, [order]).ShouldHaveSingleItem();
        (difference["expected"]!["version"]!.GetValue<int>(), difference["actual"]!["version"]!.GetValue<int>()).ShouldBe((3, 2));
        report["differences"]!.AsArray().Where(d => d!["orderId"]?.GetValue<string>() == order).Select(d => d!["projection"]!.GetValue<string>())
            .ShouldBe(["order-list", "products", "customers", "analytics"], ignoreOrder: true);
        await _http.GetJson("/api/admin/verify?repair=true");
        (await _http.GetJson("/api/admin/verify"))["differences"]!.AsArray().ShouldBeEmpty();
        (await _http.GetJson($"/api/orders?customerId={customer}")).Statuses().ShouldBe(["Placed"]);
    }

    [Fact]
    public async Task A_lost_last_message_is_caught_up_when_the_order_activates_again()
    {
        var (order, customer) = await PlacedWithItsLastMessageLost("reactivated");

        // What a silo leaving does to its orders: they deactivate, and the next call activates them anew.
        await silo.App.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        (await _http.GetJson($"/api/orders/{order}"))["status"]!.GetValue<string>().ShouldBe("Placed");

        await _http.ListOnceProjected($"customerId={customer}", p => p.Statuses().SequenceEqual(["Placed"]));
        Differences(await _http.GetJson("/api/admin/verify"), [order]).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_command_answers_while_its_publish_fails_and_the_view_follows_once_the_grain_retries()
    {
        var (order, customer) = (TestNames.OrderId("pubfail"), TestNames.OrderId("pubfail"));
        silo.Faults.Plan(order, 3, StreamFault.Fail);
        await _http.Create(order, customer, 4m);

        var placed = await _http.PostRaw($"/api/orders/{order}/place", "{}");

        placed.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await placed.Json())["status"]!.GetValue<string>().ShouldBe("Placed");
        await EveryFaultHit([order]);
        await _http.ListOnceProjected($"customerId={customer}", p => p.Statuses().SequenceEqual(["Placed"]));
        Differences(await _http.GetJson("/api/admin/verify"), [order]).ShouldBeEmpty();
    }

    /// <summary>An order created and placed whose placing never reaches the stream: its view stays at Created.</summary>
    private async Task<(string Order, string Customer)> PlacedWithItsLastMessageLost(string hint)
    {
        var (order, customer) = (TestNames.OrderId(hint), TestNames.OrderId(hint));
        silo.Faults.Plan(order, 3, StreamFault.Drop);
        await _http.Create(order, customer, 4m);
        await _http.Place(order);
        // Both events of the create (version 2) applied, not only the first: then only the dropped place is missing.
        await _http.ListOnceProjected($"customerId={customer}", p =>
            p.Statuses().SequenceEqual(["Created"]) && p["items"]![0]!["version"]!.GetValue<int>() == 2);
        await EveryFaultHit([order]);
        return (order, customer);
    }

    /// <summary>Waits until every planned fault met its message: commands answer before their events are published.</summary>
    private Task<int> EveryFaultHit(string[] orders) =>
        Eventually.Until(() => Task.FromResult(silo.Faults.Pending(orders)), pending => pending == 0);

    /// <summary>The order list's differences for these orders (every projection names a lost change; the list stands for them).</summary>
    private static JsonNode[] Differences(JsonObject report, string[] orders) =>
        [.. report["differences"]!.AsArray().Where(d => d!["projection"]!.GetValue<string>() == "order-list" &&
            orders.Contains(d["orderId"]?.GetValue<string>()))!];
}
