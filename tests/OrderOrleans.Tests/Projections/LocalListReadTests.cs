using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Testing;
using OrderOrleans.Tests.Api;

namespace OrderOrleans.Tests.Projections;

/// <summary>
/// A first page of every order or of a status is answered from the heads of the shards on the silo, without a call to
/// each, and is as fresh as the shards: an order stored after the heads were offered is on the next page asked.
/// </summary>
public sealed class LocalListReadTests : IAsyncLifetime
{
    private readonly QueryCalls _calls = new();
    private SiloApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new SiloApp((await AzuriteServer.Shared).ConnectionString, services: s => s.AddSingleton<IIncomingGrainCallFilter>(_calls));
        _http = _app.CreateClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task First_pages_come_from_the_heads_on_the_silo_and_show_orders_stored_after_they_were_offered()
    {
        await _http.Create("LOCAL-1", "local-c1", 10m);
        await _http.Create("LOCAL-2", "local-c2", 20m);
        await _http.Place("LOCAL-2");
        // Asked once through the shards, which load their heads and offer them.
        await _http.ListOnceProjected("pageSize=5", p => Total(p) == 2);
        await _http.ListOnceProjected("status=Placed", p => Total(p) == 1);
        _calls.Reset();

        await _http.Create("LOCAL-3", "local-c3", 30m);
        await _http.Place("LOCAL-3");

        var placed = await _http.ListOnceProjected("status=Placed", p => Total(p) == 2);
        Ids(placed).ShouldBe(["LOCAL-3", "LOCAL-2"]);
        var all = await _http.ListOnceProjected("pageSize=2", p => Total(p) == 3);
        Ids(all).ShouldBe(["LOCAL-3", "LOCAL-2"]);
        // The second page, after the first page's token, from the heads too.
        var next = await _http.GetJson($"/api/orders?pageSize=2&after={all["next"]!.GetValue<string>()}");
        Ids(next).ShouldBe(["LOCAL-1"]);
        _calls.Count.ShouldBe(0);

        // What the heads cannot answer still asks the shards.
        Ids(await _http.GetJson("/api/orders?customerId=local-c1")).ShouldBe(["LOCAL-1"]);
        _calls.Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task After_a_rebuild_first_pages_come_from_the_new_generation()
    {
        await _http.Create("REBUILT-1", "rebuilt-c", 10m);
        await _http.ListOnceProjected("pageSize=5", p => Total(p) == 1);

        (await _http.PostAsync("/api/projections/order-list/rebuild", null)).EnsureSuccessStatusCode();
        await Eventually.Until(() => _http.GetJson("/api/projections/order-list"), s => s["rebuild"]?["completedAt"] is not null, TimeSpan.FromSeconds(30));
        await _http.Create("REBUILT-2", "rebuilt-c", 20m);

        var page = await _http.ListOnceProjected("pageSize=5", p => Total(p) == 2);
        Ids(page).ShouldBe(["REBUILT-2", "REBUILT-1"]);
    }

    private static int Total(JsonObject page) => page["totalCount"]!.GetValue<int>();

    private static string[] Ids(JsonObject page) => [.. page["items"]!.AsArray().Select(i => i!["orderId"]!.GetValue<string>())];

    /// <summary>Counts the order-list shards' queries that reach a grain.</summary>
    private sealed class QueryCalls : IIncomingGrainCallFilter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Reset() => Volatile.Write(ref _count, 0);

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.InterfaceMethod?.DeclaringType == typeof(IOrderListShardGrain) && context.InterfaceMethod.Name == nameof(IOrderListShardGrain.Query))
            {
                Interlocked.Increment(ref _count);
            }
            return context.Invoke();
        }
    }
}
