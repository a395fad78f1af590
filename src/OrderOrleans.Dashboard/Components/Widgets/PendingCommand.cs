using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Components.Widgets;

/// <summary>A command whose answer timed out: it may still land, and sending it again with its id is safe.</summary>
/// <param name="OrderId">The order it was sent to (on the Create page, the id generated for the new order).</param>
internal sealed record PendingCommand(string OrderId, string CommandId, string What, Func<CommandContext, OrderCommand> Command, int? ExpectedVersion)
{
    public static PendingCommand New(string orderId, string what, Func<CommandContext, OrderCommand> command, int? expectedVersion) =>
        new(orderId, Guid.NewGuid().ToString("N"), what, command, expectedVersion);
}
