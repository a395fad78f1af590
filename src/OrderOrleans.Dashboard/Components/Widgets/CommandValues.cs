using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Components.Widgets;

public enum CommandKind
{
    AddItem,
    Pay,
    Ship,
    Deliver,
    Cancel,
}

public static class CommandKinds
{
    public static string Verb(this CommandKind kind) => kind switch
    {
        CommandKind.AddItem => "Add item",
        CommandKind.Pay => "Record payment",
        CommandKind.Ship => "Ship",
        CommandKind.Deliver => "Deliver",
        _ => "Cancel order",
    };

    private static readonly CommandKind[] s_all = Enum.GetValues<CommandKind>();

    /// <summary>The domain action a button asks for.</summary>
    public static OrderAction Action(this CommandKind kind) => kind switch
    {
        CommandKind.AddItem => OrderAction.AddItem,
        CommandKind.Pay => OrderAction.Pay,
        CommandKind.Ship => OrderAction.Ship,
        CommandKind.Deliver => OrderAction.Deliver,
        _ => OrderAction.Cancel,
    };

    /// <summary>The commands an order's state allows, in the order the buttons show them.</summary>
    public static IReadOnlyList<CommandKind> AllowedIn(OrderStatus status) =>
        Array.FindAll(s_all, kind => status.Allows(kind.Action()));
}

/// <summary>What a command dialog collects; the checks mirror the API's so mistakes show inline before sending.</summary>
public sealed class CommandValues
{
    public string? ProductId { get; set; }
    public string? Name { get; set; }
    public int Quantity { get; set; } = 1;
    public decimal Amount { get; set; }
    public string? Method { get; set; }
    public string? Reference { get; set; }
    public string? Carrier { get; set; }
    public string? SignedBy { get; set; }
    public string? Reason { get; set; }

    public Func<CommandContext, OrderCommand> ToCommand(CommandKind kind) => kind switch
    {
        CommandKind.AddItem => c => new AddItem(new OrderLine(ProductId!.Trim(), Name, Quantity, Amount)) { Context = c },
        CommandKind.Pay => c => new RecordPayment(Amount, Method, Reference) { Context = c },
        CommandKind.Ship => c => new ShipOrder(Carrier!, Reference!) { Context = c },
        CommandKind.Deliver => c => new DeliverOrder(SignedBy!) { Context = c },
        _ => c => new CancelOrder(Reason!) { Context = c },
    };

    public static string? ValidateKey(string? value) =>
        OrderKeys.IsValid(value?.Trim()) ? null : $"Use {OrderKeys.Rule}.";

    public static string? ValidateQuantity(int value) => value is >= 1 and <= OrderRules.MaxQuantity ? null : $"Between 1 and {OrderRules.MaxQuantity:N0}.";

    public static string? ValidatePositive(decimal value) => value > 0 ? null : "Must be more than 0.";
}
