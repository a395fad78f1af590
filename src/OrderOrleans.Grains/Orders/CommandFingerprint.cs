using System.Security.Cryptography;
using System.Text.Json;
using OrderOrleans.Domain;

namespace OrderOrleans.Grains.Orders;

/// <summary>
/// What a command asks, apart from its context: its type and a hash of its values. Stored with the events of a command
/// sent under an Idempotency-Key, so a repeat of the key is a retry only if it asks the same (the IETF Idempotency-Key
/// draft's request fingerprint), whichever host (API, dashboard) sent it.
/// </summary>
public static class CommandFingerprint
{
    private static readonly CommandContext s_blank = new("", IsClientKey: false, null, "", "");

    public static string Of(OrderCommand command)
    {
        var values = JsonSerializer.SerializeToUtf8Bytes(command with { Context = s_blank }, command.GetType());
        return $"{StoredNames.Of(command)}:{Convert.ToHexStringLower(SHA256.HashData(values).AsSpan(0, 16))}";
    }

    /// <summary>The command type a fingerprint names.</summary>
    public static string TypeOf(string fingerprint) => fingerprint[..fingerprint.IndexOf(':', StringComparison.Ordinal)];
}
