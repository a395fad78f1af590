using Microsoft.AspNetCore.Components.Authorization;
using OrderOrleans.Contracts;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard;

/// <summary>Sends commands to orders on behalf of the signed-in user (their name is the events' UserId), expecting the version they saw.</summary>
public sealed class OrderCommands(IGrainFactory grains, AuthenticationStateProvider authentication)
{
    /// <param name="commandId">The command's id: sending it again with the same id applies it at most once.</param>
    public async Task<CommandResult> Send(string orderId, Func<CommandContext, OrderCommand> command, int? expectedVersion, string? commandId = null)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User.Identity?.Name
            ?? throw new InvalidOperationException("Commands need a signed-in user.");
        var context = CommandContext.New(user, expectedVersion);
        return await grains.Order(orderId).Execute(command(commandId is null ? context : context with { CommandId = commandId }));
    }

    /// <summary>A refusal as a sentence for a snackbar: what went wrong and, for a conflict, what happens next.</summary>
    public static string Describe(OrderError error) => error.Kind switch
    {
        ErrorKind.StaleVersion or ErrorKind.VersionConflict =>
            $"Someone else changed this order (it is now at version {error.CurrentVersion}). It has been reloaded; check it and try again.",
        ErrorKind.Unavailable => "Storage did not answer in time: the command may still complete.",
        _ => error.Message,
    };
}
