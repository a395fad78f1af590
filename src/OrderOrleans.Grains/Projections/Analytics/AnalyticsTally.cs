using System.Globalization;
using System.Text.Json.Serialization;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Projections.Tallies;

namespace OrderOrleans.Grains.Projections.Analytics;

/// <summary>
/// One cell of the analytics in one shard, keyed <c>s:{status}:{currency}</c> (orders now in that status and their
/// value) or <c>d:{date}:{currency}</c> (orders created, placed, paid and cancelled that UTC day, and revenue from the
/// payments recorded that day on orders not cancelled). Keys are bounded by days, statuses and currencies.
/// </summary>
public sealed class AnalyticsTally(string key) : ITally<AnalyticsTally>
{
    public string Key { get; } = key;
    public int Orders { get; set; }
    public decimal Value { get; set; }
    public int Created { get; set; }
    public int Placed { get; set; }
    public int Paid { get; set; }
    public int Cancelled { get; set; }
    public decimal Revenue { get; set; }

    /// <summary>What one order adds to the cells it touches.</summary>
    public static IEnumerable<(string Key, AnalyticsTally Contribution)> Of(OrderSummary order)
    {
        var status = StatusKey(order.Status, order.Currency);
        yield return (status, new AnalyticsTally(status) { Orders = 1, Value = order.Total });
        var created = DayKey(order.CreatedAt, order.Currency);
        yield return (created, new AnalyticsTally(created) { Created = 1 });
        if (order.PlacedAt is { } placedAt)
        {
            var day = DayKey(placedAt, order.Currency);
            yield return (day, new AnalyticsTally(day) { Placed = 1 });
        }
        if (order.PaidAt is { } paidAt)
        {
            var day = DayKey(paidAt, order.Currency);
            yield return (day, new AnalyticsTally(day) { Paid = 1, Revenue = ReadModelRules.IsPaid(order.Status) ? order.AmountPaid : 0m });
        }
        if (order.Status == OrderStatus.Cancelled)
        {
            // Nothing changes an order after its cancellation, so its last update is when it was cancelled.
            var day = DayKey(order.UpdatedAt, order.Currency);
            yield return (day, new AnalyticsTally(day) { Cancelled = 1 });
        }
    }

    public void Add(AnalyticsTally contribution, int sign)
    {
        Orders += sign * contribution.Orders;
        Value += sign * contribution.Value;
        Created += sign * contribution.Created;
        Placed += sign * contribution.Placed;
        Paid += sign * contribution.Paid;
        Cancelled += sign * contribution.Cancelled;
        Revenue += sign * contribution.Revenue;
    }

    [JsonIgnore]
    public bool IsZero => Orders == 0 && Value == 0m && Created == 0 && Placed == 0 && Paid == 0 && Cancelled == 0 && Revenue == 0m;

    public AnalyticsTally Copy() => new(Key)
    {
        Orders = Orders, Value = Value, Created = Created, Placed = Placed, Paid = Paid, Cancelled = Cancelled, Revenue = Revenue,
    };

    /// <summary>The cell as a status or a day figure, whichever its key says.</summary>
    public (StatusFigures? Status, DayFigures? Day) ToFigures()
    {
        var parts = Key.Split(':');
        return parts[0] == "s"
            ? (new StatusFigures(Enum.Parse<OrderStatus>(parts[1]), Orders, parts[2], Value), null)
            : (null, new DayFigures(DateOnly.ParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture), parts[2], Created, Revenue, Placed, Paid, Cancelled));
    }

    private static string StatusKey(OrderStatus status, string currency) => $"s:{status}:{currency}";

    private static string DayKey(DateTimeOffset at, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"d:{at.UtcDateTime:yyyy-MM-dd}:{currency}");
}
