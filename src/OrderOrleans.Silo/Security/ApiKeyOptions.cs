namespace OrderOrleans.Silo.Security;

/// <summary>
/// The API keys the silo accepts, from the <c>ApiKeys</c> configuration section: each with a name (it becomes the
/// events' UserId), the SHA-256 of the key as hex (configuration never holds the key itself) and its scopes.
/// </summary>
public sealed class ApiKeyEntry
{
    public string Name { get; set; } = "";
    public string KeyHash { get; set; } = "";
    public string[] Scopes { get; set; } = [];
}

public static class ApiScopes
{
    public const string Read = "orders:read";
    public const string Write = "orders:write";
    /// <summary>Operates projections; also allowed to read and write.</summary>
    public const string Admin = "admin";
    public const string ClaimType = "scope";
}
