namespace OrderOrleans.ServiceDefaults;

/// <summary>Azurite's one account: its public, documented development name and key (not a secret).</summary>
public static class AzuriteAccount
{
    public const string Name = "devstoreaccount1";

    public const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The connection string for Azurite's Queue and Table services at these base URLs (no trailing slash).</summary>
    public static string ConnectionString(string queueEndpoint, string tableEndpoint) =>
        $"DefaultEndpointsProtocol=http;AccountName={Name};AccountKey={Key};QueueEndpoint={queueEndpoint}/{Name};TableEndpoint={tableEndpoint}/{Name};";
}
