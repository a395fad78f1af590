using System.Buffers;

namespace OrderOrleans.Domain;

/// <summary>
/// Ids become Azure Table keys and URL path segments. Azure forbids / \ # ? and control characters in keys;
/// we accept a conservative set instead, so an id never needs escaping anywhere.
/// </summary>
public static class OrderKeys
{
    public const int MaxLength = 128;

    /// <summary>What every generated order id starts with, so an order's id reads as one in logs and links.</summary>
    public const string OrderIdPrefix = "ord-";

    /// <summary>A new random order id.</summary>
    public static string NewOrderId() => OrderIdPrefix + Guid.NewGuid().ToString("N");

    /// <summary>An order id derived from a key, so the same key always names the same order.</summary>
    public static string OrderIdFrom(ReadOnlySpan<byte> hash) => OrderIdPrefix + Convert.ToHexStringLower(hash[..16]);

    private static readonly SearchValues<char> s_allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:@");

    public const string Rule = "1 to 128 characters of letters, digits and - _ . : @, not only dots";

    /// <summary>A command id: a key of the rule above, optionally scoped by its caller as <c>{caller}/{key}</c>.</summary>
    public static bool IsValidCommandId(string? id)
    {
        if (id is null || id.LastIndexOf('/') is var slash && slash < 0)
        {
            return IsValid(id);
        }
        return slash <= MaxLength && !id.AsSpan(0, slash).ContainsAny(s_controlAndSlash) && IsValid(id[(slash + 1)..]);
    }

    private static readonly SearchValues<char> s_controlAndSlash = SearchValues.Create([.. Enumerable.Range(0, 32).Select(c => (char)c), '/', '\u007f']);

    /// <summary>Valid ids need no escaping; ids of dots alone are refused, since URLs normalise "." and ".." segments away.</summary>
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && !id.AsSpan().ContainsAnyExcept(s_allowed) && id.AsSpan().ContainsAnyExcept('.');
}
