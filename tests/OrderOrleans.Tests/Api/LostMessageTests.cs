using OrderOrleans.Tests.Infrastructure;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>A faulty-stream silo that sends a batch again after one second without every view's receipt, so a test need not wait 30.</summary>
public sealed class ResendingStreamSilo : FaultyStreamSilo
{
    protected override Dictionary<string, string> Settings => new() { ["OrderOrleans:Delivery:ResendAfter"] = "00:00:01" };
}

/// <summary>At-least-once past the queue: a stream message lost after its send is sent again until every view confirms it.</summary>
public class LostMessageTests(ResendingStreamSilo silo) : IClassFixture<ResendingStreamSilo>
{
    private readonly HttpClient _http = silo.Client;

    [Fact]
    public async Task A_message_lost_after_its_send_reaches_every_view_when_it_is_sent_again()
    {
        var (order, customer) = (TestNames.OrderId("lose"), TestNames.OrderId("lose"));
        // The place (version 3) is the order's last event: no later change would carry its summary to the views.
        silo.Faults.Plan(order, 3, StreamFault.Lose);
        await _http.Create(order, customer, 4m);

        await _http.Place(order);

        await Eventually.Until(() => Task.FromResult(silo.Faults.Pending([order])), pending => pending == 0);
        await _http.ListOnceProjected($"customerId={customer}", p => p.Statuses().SequenceEqual(["Placed"]));
        (await _http.CustomerOnceProjected(customer, s => s["placedCount"]!.GetValue<int>() == 1))["orderCount"]!.GetValue<int>().ShouldBe(1);
        var report = await _http.GetJson("/api/admin/verify");
        report["differences"]!.AsArray().Where(d => d!["orderId"]?.GetValue<string>() == order).ShouldBeEmpty();
        // Every view confirmed it, so the silo holds nothing for it any more.
        await Eventually.Until(() => _http.GetJson("/api/projections/order-list"), p => p["lag"]!["eventsBehind"]!.GetValue<int>() == 0);
    }
}
