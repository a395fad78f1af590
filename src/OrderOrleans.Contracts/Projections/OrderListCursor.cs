using System.Buffers.Text;
using System.Text.Json;
using OrderOrleans.Domain;

namespace OrderOrleans.Contracts.Projections;

/// <summary>
/// Where a page of the order list ended: the last order's place in the sort. The next page starts after it, so pages
/// stay stable while orders come and go and cost the same however deep. Sent to clients as an opaque token.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrderListCursor")]
public sealed record OrderListCursor(
    [property: Id(0)] OrderListSort Sort,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] string OrderId,
    [property: Id(3)] OrderStatus Status,
    [property: Id(4)] string CustomerId,
    [property: Id(5)] decimal Total)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static OrderListCursor After(OrderSummary last, OrderListSort sort) =>
        new(sort, last.CreatedAt, last.OrderId, last.Status, last.CustomerId, last.Total);

    /// <summary>The order's place as a summary, for comparing with others in the sort's order.</summary>
    public OrderSummary Place() => new(OrderId, CustomerId, Status, "", Total, 0, 0, CreatedAt, CreatedAt, null, 0, null);

    public string ToToken() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this, s_json));

    /// <summary>Reads a token; false when it is not one this service made.</summary>
    public static bool TryParse(string token, out OrderListCursor? cursor)
    {
        cursor = null;
        try
        {
            cursor = JsonSerializer.Deserialize<OrderListCursor>(Base64Url.DecodeFromChars(token), s_json);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
        return cursor is { OrderId.Length: > 0, CustomerId: not null } && Enum.IsDefined(cursor.Sort) && Enum.IsDefined(cursor.Status);
    }
}
