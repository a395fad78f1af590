using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace OrderOrleans.Grains;

/// <summary>
/// Azure Storage clients (docs/decisions/0003). Table calls fail fast, so a command answers 503 rather than wait out the
/// SDK's long retries. All clients share one connection pool capped per endpoint, so a burst cannot overflow the
/// server's accept queue; idle connections close before Azurite's 5-second keep-alive would close them under a request.
/// </summary>
public static class StorageClients
{
    private const int MaxConnectionsPerEndpoint = 32;

    private static readonly HttpPipelineTransport s_transport = new HttpClientTransport(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = MaxConnectionsPerEndpoint,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(4),
    });

    public static TableServiceClient Tables(string connectionString)
    {
        var options = new TableClientOptions { Transport = s_transport };
        FailFast(options.Retry);
        return new TableServiceClient(connectionString, options);
    }

    public static QueueServiceClient Queues(string connectionString)
    {
        // The stream's queue calls are behind a command's answer, not on it: rather than fail fast, they wait their turn
        // for a connection, since a burst that timed out would only come back as retries on top of the next one.
        var options = new QueueClientOptions { Transport = s_transport };
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
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
