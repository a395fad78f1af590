namespace OrderOrleans.Grains.PersonalData;

/// <summary><c>PersonalData:*</c>: the key-encryption key that wraps every customer's data key in <c>CustomerKeys</c>.</summary>
public sealed class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>
    /// The Development and Testing default: public like Azurite's account key, so it protects nothing real. Any other
    /// environment must configure its own (from a vault; see the README).
    /// </summary>
    public const string DevelopmentKey = "b3JkZXJvcmxlYW5zLWRldmVsb3BtZW50LWtlay0zMmI=";

    /// <summary>256 bits, base64.</summary>
    public string KeyEncryptionKey { get; set; } = DevelopmentKey;
}
