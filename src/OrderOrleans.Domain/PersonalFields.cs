using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderOrleans.Domain;

/// <summary>
/// The personal fields of a stored JSON document (an event's data, a snapshot), found by <see cref="PersonalDataAttribute"/>
/// on the type's properties and on those of the records it holds. Sealing replaces each with <c>pd1:</c> and the
/// base64 of nonce, tag and AES-GCM ciphertext of its JSON, bound to the key id; opening reverses it, or without the
/// key (erased) leaves null. Every other field stays clear JSON, so folds and read models need no key.
/// </summary>
public static class PersonalFields
{
    private const string Prefix = "pd1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private static readonly ConcurrentDictionary<Type, string[][]> s_paths = new();
    private static readonly ConcurrentDictionary<Type, PropertyInfo[][]> s_properties = new();

    /// <summary>Whether <paramref name="type"/> has personal fields at all.</summary>
    public static bool Of(Type type) => PathsOf(type).Length > 0;

    /// <summary>Whether any personal field of <paramref name="value"/> is set (an order without an address has none).</summary>
    public static bool AnySet(object value)
    {
        foreach (var chain in s_properties.GetOrAdd(value.GetType(), t => [.. FindProperties(t, [])]))
        {
            object? current = value;
            foreach (var property in chain)
            {
                current = current is null ? null : property.GetValue(current);
            }
            if (current is not null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The document with its personal fields sealed under <paramref name="key"/>, and whether it had any set.</summary>
    public static bool Seal(JsonObject document, Type type, DataKey key)
    {
        var sealedAny = false;
        using var aes = new AesGcm(key.Key, TagSize);
        foreach (var path in PathsOf(type))
        {
            if (Find(document, path) is not { } parent || parent[path[^1]] is not { } value)
            {
                continue;
            }
            var plain = Encoding.UTF8.GetBytes(value.ToJsonString());
            var output = new byte[NonceSize + TagSize + plain.Length];
            var nonce = output.AsSpan(0, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(key.Id));
            parent[path[^1]] = Prefix + Convert.ToBase64String(output);
            sealedAny = true;
        }
        return sealedAny;
    }

    /// <summary>
    /// Opens the sealed fields with <paramref name="key"/>; without one (the key is erased, or the reader needs no personal
    /// data) they become null. Fields stored in clear (rows older than encryption) are left as they are.
    /// </summary>
    public static void Open(JsonObject document, Type type, DataKey? key)
    {
        using var aes = key is null ? null : new AesGcm(key.Key, TagSize);
        foreach (var path in PathsOf(type))
        {
            if (Find(document, path) is not { } parent || parent[path[^1]] is not JsonValue value
                || !value.TryGetValue(out string? text) || !text.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }
            if (aes is null)
            {
                parent[path[^1]] = null;
                continue;
            }
            var sealedBytes = Convert.FromBase64String(text[Prefix.Length..]);
            var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain,
                Encoding.UTF8.GetBytes(key!.Id));
            parent[path[^1]] = JsonNode.Parse(plain);
        }
    }

    /// <summary>Sets every personal field to null (for the explicit rewrite of rows stored before encryption).</summary>
    public static bool Clear(JsonObject document, Type type)
    {
        var cleared = false;
        foreach (var path in PathsOf(type))
        {
            if (Find(document, path) is { } parent && parent[path[^1]] is not null)
            {
                parent[path[^1]] = null;
                cleared = true;
            }
        }
        return cleared;
    }

    private static JsonObject? Find(JsonObject document, string[] path)
    {
        var node = document;
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (node[path[i]] is not JsonObject inner)
            {
                return null;
            }
            node = inner;
        }
        return node;
    }

    private static string[][] PathsOf(Type type) =>
        s_paths.GetOrAdd(type, t => [.. FindProperties(t, []).Select(chain => chain.Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToArray())]);

    /// <summary>The chains of properties from <paramref name="type"/> to each personal field, through the records it holds.</summary>
    private static IEnumerable<PropertyInfo[]> FindProperties(Type type, PropertyInfo[] prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            PropertyInfo[] chain = [.. prefix, property];
            if (property.GetCustomAttribute<PersonalDataAttribute>() is not null)
            {
                yield return chain;
            }
            else if (property.PropertyType is { IsClass: true } inner && inner != typeof(string) && inner.Namespace == typeof(PersonalFields).Namespace
                && prefix.Length < 4)
            {
                foreach (var nested in FindProperties(inner, chain))
                {
                    yield return nested;
                }
            }
        }
    }
}
