using OrderOrleans.Contracts.Orders;

namespace OrderOrleans.Dashboard;

/// <summary>Sends commands to orders on behalf of the dashboard's user, expecting the version the user saw.</summary>
public sealed class OrderCommands(IGrainFactory grains)
{
    /// <summary>Until sign-in arrives, the dashboard acts as one user.</summary>
    public const string User = "dashboard";

    public Task<CommandResult> Send(string orderId, Func<CommandContext, OrderCommand> command, int? expectedVersion) =>
        grains.GetGrain<IOrderGrain>(orderId).Execute(command(CommandContext.New(User, expectedVersion)));

    /// <summary>A refusal as a sentence for a snackbar: what went wrong and, for a conflict, what happens next.</summary>
    public static string Describe(OrderError error) => error.Kind switch
    {
        ErrorKind.StaleVersion or ErrorKind.VersionConflict =>
            $"Someone else changed this order (it is now at version {error.CurrentVersion}). It has been reloaded; check it and try again.",
        ErrorKind.Unavailable => "Storage did not answer in time. Try again in a moment.",
        _ => error.Message,
    };
}
