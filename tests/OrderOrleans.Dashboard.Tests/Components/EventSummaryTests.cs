extern alias dashboard;
using dashboard::OrderOrleans.Dashboard.Components.Widgets;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Tests.Components;

/// <summary>The timeline's sentence for each event, from the JSON the log stores.</summary>
public sealed class EventSummaryTests
{
    private static string Summary(IOrderEvent @event, bool erased = false)
    {
        var (type, schema, data) = EventSerializer.Serialize(@event);
        return EventSummary.Of("O-1", new StoredEvent(1, type, schema, data, DateTimeOffset.UnixEpoch, "u", "c", "r", "c", erased), "EUR");
    }

    public static TheoryData<IOrderEvent, string> Events => new()
    {
        { new OrderCreated("C-1", "EUR", new Address("1 Main St", null, "Springfield", "12345", "US", "Pat")), "Created for customer C-1 in EUR, ship to Pat, 1 Main St, 12345, Springfield, US" },
        { new OrderCreated("C-1", "EUR", null), "Created for customer C-1 in EUR, ship to none given" },
        { new ItemAdded("SKU-1", "Widget", 3, 2.5m), "Added 3 × Widget (SKU-1) at 2.50 EUR" },
        { new ItemRemoved("SKU-1"), "Removed SKU-1" },
        { new OrderPlaced(1234.5m), "Placed, total 1,234.50 EUR" },
        { new PaymentRecorded(10m, "card", "tx-9"), "Paid 10.00 EUR by card, transaction tx-9" },
        { new PaymentRecorded(10m, null, null), "Paid 10.00 EUR" },
        { new OrderShipped("UPS", "1Z", DateTimeOffset.UnixEpoch), "Shipped with UPS, tracking 1Z" },
        { new OrderDelivered("Pat", DateTimeOffset.UnixEpoch), "Delivered, signed by Pat" },
        { new OrderCancelled("changed my mind"), "Cancelled: changed my mind" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_event_reads_as_a_sentence(IOrderEvent @event, string expected) => Summary(@event).ShouldBe(expected);

    [Fact]
    public void Erased_personal_fields_say_so() =>
        (Summary(new OrderCreated("C-1", "EUR", null), erased: true), Summary(new OrderDelivered(null, DateTimeOffset.UnixEpoch), erased: true))
            .ShouldBe(("Created for customer C-1 in EUR, ship to erased", "Delivered, signed by erased"));

    [Fact]
    public void An_event_this_release_cannot_read_points_to_its_data() =>
        EventSummary.Of("O-1", new StoredEvent(1, "OrderTeleported", 1, "{}", DateTimeOffset.UnixEpoch, "u", "c", "r", "c"), "EUR")
            .ShouldBe("OrderTeleported (this release cannot read it; see its data)");
}
