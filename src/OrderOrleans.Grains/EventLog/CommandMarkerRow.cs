using Azure;
using Azure.Data.Tables;

namespace OrderOrleans.Grains.EventLog;

/// <summary>
/// Written in the same transaction as a command's events (RowKey <c>cmd-{CommandId}</c>), so a repeated command
/// fails atomically on the existing key and its first outcome (the version range it produced) can be found.
/// </summary>
public sealed class CommandMarkerRow : ITableEntity
{
    public const string KeyPrefix = "cmd-";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public int FromVersion { get; set; }
    public int ToVersion { get; set; }

    public static string KeyOf(string commandId) => KeyPrefix + commandId;
}
