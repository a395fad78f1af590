using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Endpoints;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace OrderOrleans.Silo.OpenApi;

/// <summary>
/// The README's order life as the document's examples: each command's request, and the order view it answers, which the
/// domain's own rules and fold compute (so an example cannot drift from what the API does; a test sends them to a silo).
/// </summary>
public sealed class CommandExamples
{
    public const string OrderId = "ORDER-001";
    public const string CancelledOrderId = "ORDER-002";
    private static readonly DateTimeOffset s_start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public CommandExamples(IOptions<JsonOptions> json)
    {
        var options = json.Value.SerializerOptions;
        var address = new AddressRequest("1 Main St", null, "Springfield", "12345", "US", null);
        var create = new CreateOrderRequest(OrderId, "CUST-XYZ", "USD", address, [new ItemRequest("SKU-1", "Widget", 2, 9.99m)]);
        var createCommand = new CreateOrder("CUST-XYZ", "USD", new Address("1 Main St", null, "Springfield", "12345", "US", null),
            [new OrderLine("SKU-1", "Widget", 2, 9.99m)]) { Context = Context };

        var order = new OrderState();
        var cancelled = new OrderState();
        Add("CreateOrder", create, Decide(order, OrderId, createCommand));
        Add("AddItem", new ItemRequest("SKU-2", "Gadget", 1, 5m), Decide(order, OrderId, new AddItem(new OrderLine("SKU-2", "Gadget", 1, 5m)) { Context = Context }));
        Add("RemoveItem", null, Decide(order, OrderId, new RemoveItem("SKU-2") { Context = Context }));
        Add("PlaceOrder", null, Decide(order, OrderId, new PlaceOrder { Context = Context }));
        Add("RecordPayment", new PaymentRequest(19.98m, "card", null), Decide(order, OrderId, new RecordPayment(19.98m, "card", null) { Context = Context }));
        Add("ShipOrder", new ShipRequest("UPS", "1Z999AA10123456784"), Decide(order, OrderId, new ShipOrder("UPS", "1Z999AA10123456784") { Context = Context }));
        Add("DeliverOrder", new DeliverRequest("Ann"), Decide(order, OrderId, new DeliverOrder("Ann") { Context = Context }));
        Decide(cancelled, CancelledOrderId, createCommand);
        Add("CancelOrder", new CancelRequest("Ordered twice"), Decide(cancelled, CancelledOrderId, new CancelOrder("Ordered twice") { Context = Context }));

        void Add(string operationId, object? request, OrderView response) => _byOperation[operationId] =
            (request is null ? null : JsonSerializer.SerializeToNode(request, request.GetType(), options), JsonSerializer.SerializeToNode(response, options)!);
    }

    private readonly Dictionary<string, (JsonNode? Request, JsonNode Response)> _byOperation = new(StringComparer.Ordinal);

    /// <summary>The commands in the order the README runs them: <c>CreateOrder</c> … <c>DeliverOrder</c> on ORDER-001, <c>CancelOrder</c> on ORDER-002.</summary>
    public IReadOnlyDictionary<string, (JsonNode? Request, JsonNode Response)> ByOperation => _byOperation;

    private static CommandContext Context => CommandContext.New("example");

    /// <summary>Decides and applies a command as the order grain does, a minute after the previous one.</summary>
    private static OrderView Decide(OrderState state, string orderId, OrderCommand command)
    {
        var now = s_start.AddMinutes(state.Version);
        var decision = OrderRules.Decide(state, command, now);
        if (decision.Error is { } error)
        {
            throw new InvalidOperationException($"The example's {command.GetType().Name} is refused: {error.Code}.");
        }
        foreach (var @event in decision.Events)
        {
            state.Apply(new EventEnvelope(orderId, state.Version + 1, @event,
                new EventMetadata(now, command.Context.CommandId, command.Context.CorrelationId, command.Context.CommandId, command.Context.UserId)));
        }
        return state.ToView();
    }
}
