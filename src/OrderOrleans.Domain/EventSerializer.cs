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

    /// <summary>A caller's events are read strictly: every member the type does not mark optional must be there, and not null.</summary>
    private static readonly JsonSerializerOptions s_strict = new(EventJsonContext.Default.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>An event given in today's shape (for example by an operator's what-if), checked like a stored row and strictly.</summary>
    public static IOrderEvent FromCurrentJson(string orderId, string typeName, string data)
    {
        if (!s_byName.TryGetValue(typeName, out var type))
        {
            return Deserialize(orderId, 0, typeName, 1, data);
        }
        try
        {
            return JsonSerializer.Deserialize(data, s_strict.GetTypeInfo(type.TypeInfo.Type)) as IOrderEvent
                ?? throw Unreadable(orderId, 0, typeName, type.SchemaVersion, "the data is empty");
        }
        catch (JsonException ex)
        {
            throw Unreadable(orderId, 0, typeName, type.SchemaVersion, ex.Message.TrimEnd('.'));
        }
    }

    public static (string Type, int SchemaVersion, string Data) Serialize(IOrderEvent @event)
    {
        var type = s_byClr[@event.GetType()];
        return (type.Name, type.SchemaVersion, JsonSerializer.Serialize(@event, type.TypeInfo));
    }

    /// <summary>Whether the event carries personal data (the log then seals it, the stream drops it).</summary>
    public static bool HasPersonalData(IOrderEvent @event) => PersonalFields.AnySet(@event);

    /// <summary>The data as stored, its personal fields sealed under <paramref name="key"/>; KeyId is null when none was set.</summary>
    public static (string Type, int SchemaVersion, string Data, string? KeyId) Serialize(IOrderEvent @event, DataKey? key)
    {
        var type = s_byClr[@event.GetType()];
        if (key is null || !PersonalFields.Of(type.TypeInfo.Type))
        {
            return (type.Name, type.SchemaVersion, JsonSerializer.Serialize(@event, type.TypeInfo), null);
        }
        var document = JsonSerializer.SerializeToNode(@event, type.TypeInfo)!.AsObject();
        var sealedAny = PersonalFields.Seal(document, type.TypeInfo.Type, key);
        return (type.Name, type.SchemaVersion, document.ToJsonString(), sealedAny ? key.Id : null);
    }

    /// <summary>The event without its personal fields, as the stream to the read models carries it.</summary>
    public static IOrderEvent WithoutPersonalData(IOrderEvent @event)
    {
        var type = s_byClr[@event.GetType()];
        if (!PersonalFields.Of(type.TypeInfo.Type))
        {
            return @event;
        }
        var document = JsonSerializer.SerializeToNode(@event, type.TypeInfo)!.AsObject();
        return PersonalFields.Clear(document, type.TypeInfo.Type) ? (IOrderEvent)document.Deserialize(type.TypeInfo)! : @event;
    }

    /// <summary>Stored data with its personal fields set to null; null when none of them is set.</summary>
    public static string? WithoutPersonalData(string typeName, string data)
    {
        if (!s_byName.TryGetValue(typeName, out var type) || !PersonalFields.Of(type.TypeInfo.Type))
        {
            return null;
        }
        var document = JsonNode.Parse(data)!.AsObject();
        return PersonalFields.Clear(document, type.TypeInfo.Type) ? document.ToJsonString() : null;
    }

    /// <summary>
    /// Stored data with its sealed personal fields opened by <paramref name="key"/>, or null in their place without one;
    /// <paramref name="data"/> itself when nothing in it is sealed.
    /// </summary>
    public static string Open(string typeName, string data, bool isSealed, DataKey? key)
    {
        if (!isSealed || !s_byName.TryGetValue(typeName, out var type))
        {
            return data;
        }
        var document = JsonNode.Parse(data)!.AsObject();
        PersonalFields.Open(document, type.TypeInfo.Type, key);
        return document.ToJsonString();
    }

    /// <summary>The event of a stored row; <paramref name="isSealed"/> rows have their personal fields opened with <paramref name="key"/>.</summary>
    public static IOrderEvent Deserialize(string orderId, int version, string typeName, int schemaVersion, string data, bool isSealed, DataKey? key)
    {
        try
        {
            return Deserialize(orderId, version, typeName, schemaVersion, Open(typeName, data, isSealed, key));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw Unreadable(orderId, version, typeName, schemaVersion, $"its personal fields cannot be opened: {ex.Message}");
        }
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
