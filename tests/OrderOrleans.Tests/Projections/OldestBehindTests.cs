using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.Delivery;

namespace OrderOrleans.Tests.Projections;

/// <summary>
/// The cluster's "oldest behind" figure from the silos' reports (each once a second): the oldest held event's age when
/// its silo reported, not that age plus the time since, which read about a second behind under any load; and still
/// growing for a silo whose reports stop coming while it holds events.
/// </summary>
public sealed class OldestBehindTests
{
    private static readonly DateTimeOffset s_reportedAt = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_report_counts_the_age_its_silo_saw_until_the_next_is_due()
    {
        (DeliveryBacklog, DateTimeOffset)[] reports =
        [
            (new DeliveryBacklog(12, s_reportedAt.AddMilliseconds(-40), 20, 90), s_reportedAt),
            (new DeliveryBacklog(3, s_reportedAt.AddMilliseconds(-1_000), 20, 90), s_reportedAt.AddMilliseconds(-600)),
            (new DeliveryBacklog(0, null, null, null), s_reportedAt),
        ];

        // The second silo's oldest event was 400 ms old when it reported; not the 1,900 ms since its append, as it may be stored by now.
        DeliveryLagGrain.OldestBehindMs(reports, s_reportedAt.AddMilliseconds(900)).ShouldBe(400);
    }

    [Fact]
    public void A_silo_that_stops_reporting_is_taken_to_hold_its_oldest_event_still()
    {
        (DeliveryBacklog, DateTimeOffset)[] reports = [(new DeliveryBacklog(5, s_reportedAt.AddMilliseconds(-100), 20, 90), s_reportedAt)];

        DeliveryLagGrain.OldestBehindMs(reports, s_reportedAt.AddSeconds(2)).ShouldBe(100);
        DeliveryLagGrain.OldestBehindMs(reports, s_reportedAt.AddSeconds(5)).ShouldBe(3_100);
    }

    [Fact]
    public void Nothing_held_is_nothing_behind() =>
        DeliveryLagGrain.OldestBehindMs([(new DeliveryBacklog(0, null, null, null), s_reportedAt)], s_reportedAt.AddSeconds(1)).ShouldBe(0);
}
