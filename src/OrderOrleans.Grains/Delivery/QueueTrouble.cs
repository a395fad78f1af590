using Microsoft.Extensions.Logging;

namespace OrderOrleans.Grains.Delivery;

/// <summary>
/// Reports the <c>orders</c> stream's queue calls that fail or are slow, one line per interval with a count and no
/// stack trace. Orleans' own queue manager logs each slow call (over 3 s) and each failure with its exception, and the
/// pulling agent each failed read with its retries: when the queue service is slow or down that is a line per call,
/// gigabytes in minutes. So the silo turns the queue manager's category down (<see cref="QuietCategory"/>), the
/// receivers no longer throw to the agent, and this speaks instead.
/// </summary>
public sealed partial class QueueTrouble(ILogger<QueueTrouble> logger)
{
    /// <summary>Orleans' Azure queue manager: every failed or slow call, each on its own line.</summary>
    public const string QuietCategory = "Orleans.AzureUtils.AzureQueueDataManager";

    /// <summary>Orleans warns about queue calls slower than this; so does this, but counted.</summary>
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(3);

    private readonly LogThrottle _failures = new(TimeSpan.FromSeconds(10));
    private readonly LogThrottle _slow = new(TimeSpan.FromSeconds(10));

    public void Failed(string operation, Exception exception)
    {
        if (_failures.ShouldLog(out var count))
        {
            QueueCallsFailing(logger, count, operation, exception.GetType().Name, FirstLine(exception));
        }
    }

    public void Took(string operation, TimeSpan elapsed)
    {
        if (elapsed > Slow && _slow.ShouldLog(out var count))
        {
            QueueCallsSlow(logger, count, Slow, operation, elapsed);
        }
    }

    /// <summary>The innermost message's first line: Orleans wraps each failure with the whole inner exception as text.</summary>
    private static string FirstLine(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }
        var message = inner.Message;
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    [LoggerMessage(1, LogLevel.Warning, "Stream queue calls failing: {Count} since the last report (last: {Operation}, {Error}: {Message}); reads back off and retry, undelivered messages stay in the queue")]
    private static partial void QueueCallsFailing(ILogger logger, long count, string operation, string error, string message);

    [LoggerMessage(2, LogLevel.Warning, "Stream queue calls slower than {Slow}: {Count} since the last report (last: {Operation} took {Elapsed})")]
    private static partial void QueueCallsSlow(ILogger logger, long count, TimeSpan slow, string operation, TimeSpan elapsed);
}
