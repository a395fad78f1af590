using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OrderOrleans.Domain;

/// <summary>
/// Event data as stored: JSON (camelCase) under a stable type name and a schema version.
/// Names and versions come from each event's <see cref="StoredNameAttribute"/>.
/// The writer always writes the newest version; <see cref="EventUpcasters"/> lift older rows on read.
/// </summary>
public static class EventSerializer
{
    private sealed record EventType(string Name, int SchemaVersion, JsonTypeInfo TypeInfo)
    {
        public static EventType Of(JsonTypeInfo info)
        {
            var stored = StoredNames.Of(info.Type);
            return new(stored.Name, stored.SchemaVersion, info);
        }
    }

    private static readonly EventType[] s_types = Array.ConvertAll<JsonTypeInfo, EventType>(
    [
        EventJsonContext.Default.OrderCreated,
        EventJsonContext.Default.ItemAdded,
        EventJsonContext.Default.ItemRemoved,
        EventJsonContext.Default.OrderPlaced,
        EventJsonContext.Default.PaymentRecorded,
        EventJsonContext.Default.OrderShipped,
        EventJsonContext.Default.OrderDelivered,
        EventJsonContext.Default.OrderCancelled,
    ], EventType.Of);

    private static readonly Dictionary<Type, EventType> s_byClr = s_types.ToDictionary(t => t.TypeInfo.Type);
    private static readonly Dictionary<string, EventType> s_byName = s_types.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>An event given in today's shape (for example by an operator's what-if), checked like a stored row.</summary>
    public static IOrderEvent FromCurrentJson(string orderId, string typeName, string data) =>
        Deserialize(orderId, 0, typeName, s_byName.TryGetValue(typeName, out var type) ? type.SchemaVersion : 1, data);

    public static (string Type, int SchemaVersion, string Data) Serialize(IOrderEvent @event)
    {
        var type = s_byClr[@event.GetType()];
        return (type.Name, type.SchemaVersion, JsonSerializer.Serialize(@event, type.TypeInfo));
    }

    public static IOrderEvent Deserialize(string orderId, int version, string typeName, int schemaVersion, string data)
    {
        if (!s_byName.TryGetValue(typeName, out var type))
        {
            throw Unreadable(orderId, version, typeName, schemaVersion, "the event type is unknown");
        }
        if (schemaVersion > type.SchemaVersion || schemaVersion < 1)
        {
            throw Unreadable(orderId, version, typeName, schemaVersion, $"this release reads schema versions 1 to {type.SchemaVersion}");
        }
        try
        {
            var result = schemaVersion == type.SchemaVersion
                ? JsonSerializer.Deserialize(data, type.TypeInfo)
                : EventUpcasters.Upcast(typeName, schemaVersion, type.SchemaVersion, JsonNode.Parse(data)!.AsObject()).Deserialize(type.TypeInfo);
            return result as IOrderEvent ?? throw Unreadable(orderId, version, typeName, schemaVersion, "the data is empty");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw Unreadable(orderId, version, typeName, schemaVersion, ex.Message);
        }
    }

    private static UnreadableEventException Unreadable(string orderId, int version, string type, int schemaVersion, string why) =>
        new($"Order '{orderId}' event {version} ({type} v{schemaVersion}) cannot be read: {why}.");
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OrderCreated))]
[JsonSerializable(typeof(ItemAdded))]
[JsonSerializable(typeof(ItemRemoved))]
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(PaymentRecorded))]
[JsonSerializable(typeof(OrderShipped))]
[JsonSerializable(typeof(OrderDelivered))]
[JsonSerializable(typeof(OrderCancelled))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
