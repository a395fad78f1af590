using Microsoft.Extensions.Logging;

namespace OrderOrleans.Grains.Orders;

internal static partial class OrderGrainLog
{
    private static readonly LogThrottle s_unconfirmed = new(TimeSpan.FromSeconds(10));
    private static readonly LogThrottle s_connection = new(TimeSpan.FromSeconds(10));

    /// <summary>At most one line per interval for the whole silo, with a count: an outage makes every order fail at once.</summary>
    public static void CommandUnconfirmed(ILogger logger, string orderId, string commandId, Exception exception)
    {
        if (s_unconfirmed.ShouldLog(out var count))
        {
            CommandsUnconfirmed(logger, count, orderId, commandId, exception.GetType().Name, exception.Message);
        }
    }

    public static void ConnectionIssue(ILogger logger, string orderId, string issue)
    {
        if (s_connection.ShouldLog(out var count))
        {
            ConnectionIssues(logger, count, orderId, issue);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "The event store did not confirm {Count} commands since the last report (last: order {OrderId}, command {CommandId}); they stay pending and are retried. {ErrorType}: {Error}")]
    private static partial void CommandsUnconfirmed(ILogger logger, long count, string orderId, string commandId, string errorType, string error);

    [LoggerMessage(2, LogLevel.Warning, "Order {OrderId}: append at version {Version} conflicted; the log is at {CurrentVersion}")]
    public static partial void AppendConflict(ILogger logger, string orderId, int version, int currentVersion);

    [LoggerMessage(4, LogLevel.Warning, "{Count} event store connection issues since the last report (last: order {OrderId}: {Issue})")]
    private static partial void ConnectionIssues(ILogger logger, long count, string orderId, string issue);

    [LoggerMessage(5, LogLevel.Warning, "Order {OrderId}: the snapshot at version {Version} could not be written; activation folds more events until the next one")]
    public static partial void SnapshotFailed(ILogger logger, string orderId, int version, Exception exception);
}
