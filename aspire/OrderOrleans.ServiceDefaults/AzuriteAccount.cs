namespace OrderOrleans.ServiceDefaults;

/// <summary>Azurite's one account: its public, documented development name and key (not a secret).</summary>
public static class AzuriteAccount
{
    public const string Name = "devstoreaccount1";

    public const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>
    /// Node's flags for an Azurite process. A young generation of 64 MB rather than V8's 16: every request's garbage
    /// (parsed bodies, batch parts) outlived the small one under load and was promoted, so the old generation filled
    /// with garbage and its major collections, over a table of hundreds of MB, stalled every call for about a second
    /// every 15 seconds after a few minutes of sustained load.
    /// </summary>
    public static readonly string[] NodeFlags = ["--max-semi-space-size=64"];

    /// <summary>The connection string for Azurite's Queue and Table services at these base URLs (no trailing slash).</summary>
    public static string ConnectionString(string queueEndpoint, string tableEndpoint) =>
        $"DefaultEndpointsProtocol=http;AccountName={Name};AccountKey={Key};QueueEndpoint={queueEndpoint}/{Name};TableEndpoint={tableEndpoint}/{Name};";
}
