using Microsoft.Extensions.Logging;

namespace OrderOrleans.Grains.Orders;

internal static partial class OrderGrainLog
{
    [LoggerMessage(1, LogLevel.Warning, "Order {OrderId}: the event store did not confirm command {CommandId}; it stays pending and is retried")]
    public static partial void CommandUnconfirmed(ILogger logger, string orderId, string commandId, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Order {OrderId}: append at version {Version} conflicted; the log is at {CurrentVersion}")]
    public static partial void AppendConflict(ILogger logger, string orderId, int version, int currentVersion);

    [LoggerMessage(3, LogLevel.Warning, "Order {OrderId}: publishing events {From}..{To} to the stream failed; retrying, and projections read them from the log meanwhile")]
    public static partial void PublishFailed(ILogger logger, string orderId, int from, int to, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Order {OrderId}: event store connection issue: {Issue}")]
    public static partial void ConnectionIssue(ILogger logger, string orderId, string issue);

    [LoggerMessage(5, LogLevel.Warning, "Order {OrderId}: the snapshot at version {Version} could not be written; activation folds more events until the next one")]
    public static partial void SnapshotFailed(ILogger logger, string orderId, int version, Exception exception);
}
