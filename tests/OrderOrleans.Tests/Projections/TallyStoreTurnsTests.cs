using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrderOrleans.Grains.Projections.Tallies;
using OrderOrleans.Testing;
using OrderOrleans.Tests.Api;

namespace OrderOrleans.Tests.Projections;

/// <summary>
/// The tally projections take turns to store (<c>OrderOrleans:Projections:TallyStoresAtOnce</c>, one here) and the
/// order list does not wait for them: while every turn is taken the list shows a new order and the customer view does
/// not yet; once a turn is free the customer view stores everything that waited, nothing lost.
/// </summary>
public sealed class TallyStoreTurnsTests : IAsyncLifetime
{
    private SiloApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new SiloApp((await AzuriteServer.Shared).ConnectionString) { Settings = { ["OrderOrleans:Projections:TallyStoresAtOnce"] = "1" } };
        _http = _app.CreateClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_order_list_stores_while_the_tallies_wait_for_a_turn_and_they_catch_up_after()
    {
        await _http.Create("TURNS-1", "turns-c", 10m);
        await _http.CustomerOnceProjected("turns-c", c => c["orderCount"]!.GetValue<int>() == 1);

        // The one turn taken, as a long store of another shard would take it.
        var release = new TaskCompletionSource();
        var held = _app.Services.GetRequiredService<TallyStoreTurns>().InTurn(() => release.Task);

        await _http.Create("TURNS-2", "turns-c", 20m);
        await _http.Place("TURNS-2");
        await _http.Create("TURNS-3", "turns-other", 30m);

        await _http.ListOnceProjected("customerId=turns-c", p => p.Statuses().SequenceEqual(["Placed", "Created"]));
        await _http.ListOnceProjected("customerId=turns-other", p => p["totalCount"]!.GetValue<int>() == 1);
        (await _http.GetJson("/api/customers/turns-c"))["orderCount"]!.GetValue<int>().ShouldBe(1);
        (await _http.GetAsync("/api/customers/turns-other")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        release.SetResult();
        await held;
        var stats = await _http.CustomerOnceProjected("turns-c", c => c["orderCount"]!.GetValue<int>() == 2);
        stats["placedCount"]!.GetValue<int>().ShouldBe(1);
        await _http.CustomerOnceProjected("turns-other", c => c["orderCount"]!.GetValue<int>() == 1);
    }
}
