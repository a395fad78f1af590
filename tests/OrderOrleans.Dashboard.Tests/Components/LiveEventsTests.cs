extern alias dashboard;
using dashboard::OrderOrleans.Dashboard;
using Microsoft.Extensions.Logging.Abstractions;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Tests.Components;

public class LiveEventsTests
{
    private static readonly FeedEvent s_event = new(
        new EventEnvelope("ord-1", 2, new OrderPlaced(10m), new EventMetadata(DateTimeOffset.UnixEpoch, "c", "c", "c", "u")), "C");

    private static LiveEvents Circuit() =>
        new(new DashboardFeed(null!, NullLogger<DashboardFeed>.Instance), NullLogger<LiveEvents>.Instance);

    [Fact]
    public void A_page_still_reloading_or_failing_does_not_hold_up_the_next_one()
    {
        var circuit = Circuit();
        var seen = new List<string>();
        circuit.Received += _ => new TaskCompletionSource().Task; // a page still busy with its reload
        circuit.Received += _ => throw new InvalidOperationException("a page that fails");
        circuit.Received += e =>
        {
            seen.Add(e.Envelope.OrderId);
            return Task.CompletedTask;
        };

        circuit.Deliver(s_event);

        seen.ShouldBe(["ord-1"]);
    }

    [Fact]
    public void A_page_that_left_gets_nothing()
    {
        var circuit = Circuit();
        var seen = 0;
        Func<FeedEvent, Task> page = _ =>
        {
            seen++;
            return Task.CompletedTask;
        };
        circuit.Received += page;
        circuit.Deliver(s_event);
        circuit.Received -= page;

        circuit.Deliver(s_event);

        seen.ShouldBe(1);
    }
}
