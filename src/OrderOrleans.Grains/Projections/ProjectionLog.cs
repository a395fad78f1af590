using Microsoft.Extensions.Logging;

namespace OrderOrleans.Grains.Projections;

internal static partial class ProjectionLog
{
    [LoggerMessage(2, LogLevel.Error, "Projection {Projection}: order {OrderId} event {Version} parked as a dead letter: {Problem}")]
    public static partial void Parked(ILogger logger, string projection, string orderId, int version, string problem);

    [LoggerMessage(3, LogLevel.Information, "Projection {Projection}: rebuild of generation {Generation} finished: {Events} events, {Orders} orders; scan {ScanMs} ms, total {TotalMs} ms")]
    public static partial void Rebuilt(ILogger logger, string projection, int generation, long events, long orders, long scanMs, long totalMs);

    [LoggerMessage(4, LogLevel.Error, "Projection {Projection}: rebuild of generation {Generation} failed")]
    public static partial void RebuildFailed(ILogger logger, string projection, int generation, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "Projection {Projection}: storing a batch failed {Count} times since the last report; {Changes} changes held and retried with backoff. Last error: {ErrorType}: {Error}")]
    public static partial void StoreFailing(ILogger logger, string projection, long count, int changes, string errorType, string error);

    [LoggerMessage(6, LogLevel.Information, "Projection {Projection}: shard {Shard} found a tally moved by another writer; reloading it from storage")]
    public static partial void TallyConflict(ILogger logger, string projection, int shard);
}
