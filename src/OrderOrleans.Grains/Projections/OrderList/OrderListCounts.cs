using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Projections.Tallies;

namespace OrderOrleans.Grains.Projections.OrderList;

/// <summary>
/// How many of a shard's orders are in each status, kept for every order (<c>all</c>), per customer (<c>c:{id}</c>)
/// and per creation day (<c>d:{yyyy-MM-dd}</c>, UTC), so the list's total count is read, not counted.
/// </summary>
public sealed class OrderListCounts : ITally<OrderListCounts>
{
    public const string All = "all";

    public int[] ByStatus { get; init; } = new int[Enum.GetValues<OrderStatus>().Length];

    public static string Customer(string customerId) => "c:" + customerId;

    public const string DayPrefix = "d:";

    public static string Day(DateOnly day) => DayPrefix + day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    public static OrderListCounts Of(OrderSummary order)
    {
        var counts = new OrderListCounts();
        counts.ByStatus[(int)order.Status] = 1;
        return counts;
    }

    /// <summary>How many orders, in <paramref name="status"/> when given.</summary>
    public int Count(OrderStatus? status) => status is { } s ? ByStatus[(int)s] : ByStatus.Sum();

    public void Add(OrderListCounts contribution, int sign)
    {
        for (var i = 0; i < ByStatus.Length; i++)
        {
            ByStatus[i] += sign * contribution.ByStatus[i];
        }
    }

    public OrderListCounts Copy() => new() { ByStatus = [.. ByStatus] };

    public bool IsZero => ByStatus.All(c => c == 0);
}
