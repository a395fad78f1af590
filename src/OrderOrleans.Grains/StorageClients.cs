using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace OrderOrleans.Grains;

/// <summary>
/// Azure Storage clients tuned to fail fast: the SDK's defaults retry for many seconds (and wait 100 s on a hung
/// connection), which would hold a command far past the point where answering 503 is the useful thing to do.
/// </summary>
public static class StorageClients
{
    public static TableServiceClient Tables(string connectionString)
    {
        var options = new TableClientOptions();
        FailFast(options.Retry);
        return new TableServiceClient(connectionString, options);
    }

    public static QueueServiceClient Queues(string connectionString)
    {
        var options = new QueueClientOptions();
        FailFast(options.Retry);
        return new QueueServiceClient(connectionString, options);
    }

    private static void FailFast(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(100);
        retry.MaxDelay = TimeSpan.FromSeconds(1);
        retry.NetworkTimeout = TimeSpan.FromSeconds(5);
    }
}
