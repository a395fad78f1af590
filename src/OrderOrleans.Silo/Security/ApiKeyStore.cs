using System.Security.Cryptography;
using System.Text;

namespace OrderOrleans.Silo.Security;

/// <summary>
/// The configured keys, read once: a presented key's SHA-256 is compared in constant time with every stored hash
/// (no early exit), so neither the keys nor the timing of a refusal tell an attacker anything.
/// </summary>
public sealed class ApiKeyStore(IConfiguration configuration)
{
    private readonly (ApiKeyEntry Entry, byte[] Hash)[] _keys =
        [.. (configuration.GetSection("ApiKeys").Get<ApiKeyEntry[]>() ?? []).Select(e => (e, Convert.FromHexString(e.KeyHash)))];

    public ApiKeyEntry? Find(string presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        ApiKeyEntry? match = null;
        foreach (var (entry, stored) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, stored))
            {
                match = entry;
            }
        }
        return match;
    }
}
