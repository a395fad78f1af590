using System.Buffers;

namespace OrderOrleans.Contracts.Orders;

/// <summary>
/// Ids become Azure Table keys and URL path segments. Azure forbids / \ # ? and control characters in keys;
/// we accept a conservative set instead, so an id never needs escaping anywhere.
/// </summary>
public static class OrderKeys
{
    public const int MaxLength = 128;

    private static readonly SearchValues<char> s_allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:@");

    public const string Rule = "1 to 128 characters of letters, digits and - _ . : @";

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && !id.AsSpan().ContainsAnyExcept(s_allowed);
}
