using System.Globalization;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Components.Widgets;

/// <summary>What an event of the timeline did, in one sentence; its stored JSON stays one click away.</summary>
public static class EventSummary
{
    public static string Of(string orderId, StoredEvent stored, string currency)
    {
        IOrderEvent @event;
        try
        {
            @event = EventSerializer.Deserialize(orderId, stored.Version, stored.Type, stored.SchemaVersion, stored.Data);
        }
        catch (UnreadableEventException)
        {
            return $"{stored.Type} (this release cannot read it; see its data)";
        }
        var erased = stored.PersonalDataErased ? "erased" : "none given";
        return @event switch
        {
            OrderCreated c => $"Created for customer {c.CustomerId} in {c.Currency}, ship to {(c.ShippingAddress is { } a ? OneLine(a) : erased)}",
            ItemAdded a => $"Added {a.Quantity} × {a.Name} ({a.ProductId}) at {Money(a.UnitPrice, currency)}",
            ItemRemoved r => $"Removed {r.ProductId}",
            OrderPlaced p => $"Placed, total {Money(p.Total, currency)}",
            PaymentRecorded p => $"Paid {Money(p.Amount, currency)}{(p.Method is { } m ? $" by {m}" : "")}{(p.TransactionId is { } t ? $", transaction {t}" : "")}",
            OrderShipped s => $"Shipped with {s.Carrier}, tracking {s.TrackingNumber}",
            OrderDelivered d => $"Delivered, signed by {d.SignedBy ?? erased}",
            OrderCancelled c => $"Cancelled: {c.Reason}",
            _ => stored.Type,
        };
    }

    /// <summary>An address on one line, its empty parts left out.</summary>
    public static string OneLine(Address a) =>
        string.Join(", ", new[] { a.Recipient, a.Line1, a.Line2, a.PostalCode, a.City, a.Country }.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static string Money(decimal amount, string currency) => $"{amount.ToString("N2", CultureInfo.InvariantCulture)} {currency}";
}
