using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace OrderOrleans.Storage;

/// <summary>
/// The storage account every part of the service uses (event log, projections, streams, clustering, reminders), and the
/// one place its clients are built: from a connection string (Azurite, or an account key), or from the account's
/// service URIs with <see cref="DefaultAzureCredential"/> (a managed identity in Azure; no key anywhere).
/// Table calls fail fast, so a command answers 503 rather than wait out the SDK's long retries; all clients share one
/// connection pool capped per endpoint, so a burst cannot overflow the server's accept queue (docs/decisions/0003).
/// </summary>
public sealed class StorageAccount
{
    /// <summary>The connection string's name (<c>ConnectionStrings:storage</c>), also the key Aspire's Orleans providers resolve.</summary>
    public const string Name = "storage";

    public const string TableServiceUriKey = "Storage:TableServiceUri";
    public const string QueueServiceUriKey = "Storage:QueueServiceUri";

    private const string DevelopmentStorage = "UseDevelopmentStorage=true";
    private const int MaxConnectionsPerEndpoint = 32;

    private static readonly HttpPipelineTransport s_transport = new HttpClientTransport(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = MaxConnectionsPerEndpoint,
        // Before Azurite's (Node's) 5-second keep-alive closes an idle connection under a request.
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(4),
    });

    private readonly string? _connectionString;
    private readonly Uri? _tableService;
    private readonly Uri? _queueService;

    private StorageAccount(string? connectionString, Uri? tableService, Uri? queueService, TokenCredential? credential)
    {
        _connectionString = connectionString;
        _tableService = tableService;
        _queueService = queueService;
        Credential = credential;
    }

    /// <summary>The identity the clients authenticate with; null when the connection string carries the key.</summary>
    public TokenCredential? Credential { get; }

    public static StorageAccount FromConnectionString(string connectionString) => new(connectionString, null, null, null);

    /// <summary>Azurite (its public development account), whose tuning differs from Azure's (Storage:Profile).</summary>
    public bool IsEmulator => _connectionString is { } cs &&
        (cs.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase) || cs.Contains("AccountName=devstoreaccount1", StringComparison.OrdinalIgnoreCase));

    public static StorageAccount FromServiceUris(Uri tableService, Uri queueService, TokenCredential credential) =>
        new(null, tableService, queueService, credential);

    /// <summary>Whether configuration names an account at all (a host that only needs one for Aspire's clustering asks).</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration.GetConnectionString(Name)) || !string.IsNullOrEmpty(configuration[TableServiceUriKey]) ||
        !string.IsNullOrEmpty(configuration[QueueServiceUriKey]);

    /// <summary>
    /// <c>ConnectionStrings:storage</c>, or <c>Storage:TableServiceUri</c> and <c>Storage:QueueServiceUri</c> with
    /// <paramref name="credential"/> (default: <see cref="DefaultAzureCredential"/>); in Development with neither, Azurite's
    /// default endpoints. Anything else fails at startup, saying what to set.
    /// </summary>
    public static StorageAccount FromConfiguration(IConfiguration configuration, bool isDevelopment, Func<TokenCredential>? credential = null)
    {
        var connectionString = configuration.GetConnectionString(Name) is { Length: > 0 } set ? set : null;
        var tables = configuration[TableServiceUriKey];
        var queues = configuration[QueueServiceUriKey];
        if (!string.IsNullOrEmpty(tables) || !string.IsNullOrEmpty(queues))
        {
            if (connectionString is not null)
            {
                throw new InvalidOperationException(
                    $"Both ConnectionStrings:{Name} and {TableServiceUriKey}/{QueueServiceUriKey} are set: set one, the connection string or the service URIs.");
            }
            return FromServiceUris(ServiceUri(tables, TableServiceUriKey), ServiceUri(queues, QueueServiceUriKey),
                credential?.Invoke() ?? new DefaultAzureCredential());
        }
        if (connectionString is not null)
        {
            return FromConnectionString(connectionString);
        }
        return isDevelopment
            ? FromConnectionString(DevelopmentStorage)
            : throw new InvalidOperationException(
                $"No storage account is configured. Set ConnectionStrings:{Name} (ConnectionStrings__{Name}) to a connection string, " +
                $"or {TableServiceUriKey} and {QueueServiceUriKey} to the account's endpoints to sign in with DefaultAzureCredential " +
                "(a managed identity); in Development, Azurite's default endpoints are used.");
    }

    public TableServiceClient Tables()
    {
        var options = new TableClientOptions { Transport = s_transport };
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        return _connectionString is { } connectionString
            ? new TableServiceClient(connectionString, options)
            : new TableServiceClient(_tableService!, Credential!, options);
    }

    public QueueServiceClient Queues()
    {
        // The stream's queue calls are behind a command's answer, not on it: rather than fail fast, they wait their turn
        // for a connection, since a burst that timed out would only come back as retries on top of the next one.
        var options = new QueueClientOptions { Transport = s_transport };
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return _connectionString is { } connectionString
            ? new QueueServiceClient(connectionString, options)
            : new QueueServiceClient(_queueService!, Credential!, options);
    }

    private static Uri ServiceUri(string? value, string key) =>
        string.IsNullOrEmpty(value)
            ? throw new InvalidOperationException(
                $"{key} is not set: storage without a key needs both {TableServiceUriKey} and {QueueServiceUriKey} (e.g. https://<account>.table.core.windows.net).")
            : Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
                ? uri
                : throw new InvalidOperationException($"{key} must be an absolute https URI (e.g. https://<account>.table.core.windows.net), not '{value}'.");
}
