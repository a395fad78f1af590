using Microsoft.Extensions.Configuration;

namespace OrderOrleans.Grains;

/// <summary>
/// <c>Storage:Profile</c>: which storage the defaults are tuned for. <c>Emulator</c> (Azurite: one table process shared by
/// the appends and every view, on the same cores as the silos) keeps few shards and makes the tally views take turns;
/// <c>Azure</c> (partitions served apart, decision 0014) spreads the views over more shards and lets every shard store
/// at once. Unset, it follows the account: Azurite's development account is the emulator. A setting given explicitly
/// (<c>OrderOrleans:Projections:Shards</c>, ...) wins over the profile's default.
/// </summary>
public enum StorageProfile
{
    Emulator,
    Azure,
}

public static class StorageProfiles
{
    public const string Key = "Storage:Profile";

    public static StorageProfile Of(IConfiguration configuration, bool isEmulator) =>
        configuration[Key] is { Length: > 0 } value
            ? Enum.TryParse<StorageProfile>(value, ignoreCase: true, out var profile) && Enum.IsDefined(profile)
                ? profile
                : throw new InvalidOperationException($"{Key} must be {string.Join(" or ", Enum.GetNames<StorageProfile>())}, not '{value}'.")
            : isEmulator ? StorageProfile.Emulator : StorageProfile.Azure;

    /// <summary>The options with the profile's defaults, before configuration is bound over them.</summary>
    public static OrderOrleansOptions Defaults(StorageProfile profile)
    {
        var options = new OrderOrleansOptions();
        if (profile == StorageProfile.Azure)
        {
            // Each shard is one partition of each view's table, good for 2,000 entities/s; sixteen keep a view's
            // group commits at a tenth of the account's 20,000 transactions/s with room for the appends.
            options.Projections.Shards = 16;
            options.Projections.TallyStoresAtOnce = 0;
            options.Projections.VerifyShardsAtOnce = 16;
        }
        return options;
    }
}
