using System.Text.Json.Serialization;
using OrderOrleans.Domain;

namespace OrderOrleans.Grains.EventLog;

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(OrderSnapshot))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
