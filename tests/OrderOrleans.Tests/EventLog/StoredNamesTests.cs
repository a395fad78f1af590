using OrderOrleans.Domain;
using OrderOrleans.Grains.Orders;

namespace OrderOrleans.Tests.EventLog;

/// <summary>The names written to storage are a promise to every row already written: they must not follow class names.</summary>
public class StoredNamesTests
{
    private static readonly CommandContext s_context = CommandContext.New("tester");

    public static TheoryData<IOrderEvent, string, int> Events => new()
    {
        { new OrderCreated("C-1", "USD", null), "OrderCreated", 2 },
        { new ItemAdded("P-1", "Pen", 1, 2m), "ItemAdded", 2 },
        { new ItemRemoved("P-1"), "ItemRemoved", 1 },
        { new OrderPlaced(2m), "OrderPlaced", 1 },
        { new PaymentRecorded(2m, null, null), "PaymentRecorded", 1 },
        { new OrderShipped("UPS", "1Z", DateTimeOffset.UnixEpoch), "OrderShipped", 1 },
        { new OrderDelivered("Ann", DateTimeOffset.UnixEpoch), "OrderDelivered", 1 },
        { new OrderCancelled("why"), "OrderCancelled", 1 },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_event_is_written_under_its_documented_name_and_version(IOrderEvent @event, string name, int schemaVersion)
    {
        var (type, version, data) = EventSerializer.Serialize(@event);

        type.ShouldBe(name);
        version.ShouldBe(schemaVersion);
        EventSerializer.Deserialize("o-1", 1, name, schemaVersion, data).ShouldBe(@event);
    }

    [Fact]
    public void Every_event_type_has_a_documented_name()
    {
        var eventTypes = typeof(IOrderEvent).Assembly.GetTypes().Where(t => t.IsClass && t.IsAssignableTo(typeof(IOrderEvent)));

        eventTypes.Select(t => StoredNames.Of(t).Name).Order().ShouldBe(Events.Select(row => (string)row[1]).Order());
    }

    [Fact]
    public void A_command_fingerprint_starts_with_the_commands_pinned_name()
    {
        OrderCommand[] commands =
        [
            new CreateOrder("C-1", "USD", null, []) { Context = s_context },
            new AddItem(new OrderLine("P-1", null, 1, 1m)) { Context = s_context },
            new RemoveItem("P-1") { Context = s_context },
            new PlaceOrder { Context = s_context },
            new RecordPayment(1m, null, null) { Context = s_context },
            new ShipOrder("UPS", "1Z") { Context = s_context },
            new DeliverOrder("Ann") { Context = s_context },
            new CancelOrder("why") { Context = s_context },
        ];

        commands.Select(c => CommandFingerprint.TypeOf(CommandFingerprint.Of(c))).ShouldBe(
            ["CreateOrder", "AddItem", "RemoveItem", "PlaceOrder", "RecordPayment", "ShipOrder", "DeliverOrder", "CancelOrder"]);
    }
}
