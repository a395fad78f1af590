using OrderOrleans.Contracts.Orders;

namespace OrderOrleans.Silo.Endpoints;

// Request bodies as clients send them. Every member is nullable so that a missing field is reported by name
// (400 with field errors) instead of failing deserialization as a whole.

public sealed record AddressRequest(string? Line1, string? Line2, string? City, string? PostalCode, string? Country, string? Recipient);

public sealed record ItemRequest(string? ProductId, string? Name, int? Quantity, decimal? UnitPrice);

public sealed record CreateOrderRequest(
    string? OrderId, string? CustomerId, string? Currency, AddressRequest? ShippingAddress, IReadOnlyList<ItemRequest>? Items);

public sealed record PaymentRequest(decimal? Amount, string? Method, string? TransactionId);

public sealed record ShipRequest(string? Carrier, string? TrackingNumber);

public sealed record DeliverRequest(string? SignedBy);

public sealed record CancelRequest(string? Reason);

/// <summary>One event of the audit trail, its data as the JSON object the log stores.</summary>
public sealed record EventResponse(
    int Version, string Type, System.Text.Json.JsonElement Data, DateTimeOffset OccurredAt,
    string UserId, string CommandId, string CorrelationId, string CausationId, bool PersonalDataErased)
{
    public static EventResponse From(StoredEvent e) => new(
        e.Version, e.Type, System.Text.Json.JsonDocument.Parse(e.Data).RootElement.Clone(), e.OccurredAt,
        e.UserId, e.CommandId, e.CorrelationId, e.CausationId, e.PersonalDataErased);
}
