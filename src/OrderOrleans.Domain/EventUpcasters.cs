using System.Text.Json.Nodes;

namespace OrderOrleans.Domain;

/// <summary>
/// Lifts stored event data from one schema version to the next, so old rows read as today's shape.
/// One function per (type, from-version); they chain v1 -> v2 -> v3. Old rows are never rewritten.
/// </summary>
public static class EventUpcasters
{
    private static readonly Dictionary<(string Type, int From), Func<JsonObject, JsonObject>> s_steps = new()
    {
        // OrderCreated v1 predates multi-currency: every order was in US dollars.
        [("OrderCreated", 1)] = data =>
        {
            data["currency"] ??= "USD";
            return data;
        },
        // ItemAdded v1 called the unit price "price".
        [("ItemAdded", 1)] = data =>
        {
            if (data.Remove("price", out var price))
            {
                data["unitPrice"] = price;
            }
            return data;
        },
    };

    public static JsonObject Upcast(string type, int from, int to, JsonObject data)
    {
        for (var version = from; version < to; version++)
        {
            data = s_steps.TryGetValue((type, version), out var step)
                ? step(data)
                : throw new KeyNotFoundException($"no upcaster from {type} v{version} to v{version + 1}");
        }
        return data;
    }
}
