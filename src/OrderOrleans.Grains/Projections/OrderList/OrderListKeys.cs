using System.Globalization;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Grains.Projections.OrderList;

/// <summary>
/// The order list's index rows, one family per question, each holding the order's summary so a page is one range query:
/// <c>a:{newest}!{id}</c> (every order, newest first), <c>s:{status}:{newest}!{id}</c> (by status, then newest) and
/// <c>c:{customer}!{newest}!{id}</c> (by customer, then newest). "Newest" is the creation time's ticks subtracted from
/// the largest, so that ascending keys (the only order Azure Table storage returns) run newest first; '!' sorts below
/// every character an id may hold, so ids compare as they do ordinally.
/// </summary>
public static class OrderListKeys
{
    private const string AllPrefix = "a:";

    public static IEnumerable<string> Of(OrderSummary order) =>
    [
        AllPrefix + Position(order),
        StatusPrefix(order.Status) + Position(order),
        CustomerPrefix(order.CustomerId) + Position(order),
    ];

    /// <summary>The family a query reads when it sorts by creation time: the narrowest of its filters.</summary>
    public static string FamilyFor(string? customerId, OrderStatus? status) =>
        customerId is not null ? CustomerPrefix(customerId) : status is { } s ? StatusPrefix(s) : AllPrefix;

    public static string StatusPrefix(OrderStatus status) => $"s:{(int)status}:";

    public static string CustomerPrefix(string customerId) => $"c:{customerId}!";

    /// <summary>All customers' rows, by customer.</summary>
    public const string Customers = "c:";

    /// <summary>The family a row belongs to: <c>a:</c>, <c>s:{status}:</c> or <c>c:{customer}!</c>.</summary>
    public static string FamilyOf(string key) => key[1] != ':' ? "" : key[0] switch
    {
        'a' => AllPrefix,
        's' => key[..4],
        'c' => key[..(key.IndexOf('!', 2) + 1)],
        _ => "",
    };

    /// <summary>The families whose first rows a shard keeps in memory: every order, each status, each customer.</summary>
    public static bool IsCached(string family) => family == AllPrefix || family.StartsWith("s:", StringComparison.Ordinal) || IsCustomerFamily(family);

    public static bool IsCustomerFamily(string family) => family.Length > Customers.Length + 1 && family.StartsWith(Customers, StringComparison.Ordinal) && family[^1] == '!';

    /// <summary>The order's row in a family.</summary>
    public static string Key(string family, OrderSummary order) => family == Customers
        ? CustomerPrefix(order.CustomerId) + Position(order)
        : family + Position(order);

    /// <summary>The first key of a family's rows created before <paramref name="to"/>.</summary>
    public static string Start(string family, DateTimeOffset? to) => to is { } t ? family + Newest(t.AddTicks(-1)) : family;

    /// <summary>The key after a family's last row created at or after <paramref name="from"/>.</summary>
    public static string Stop(string family, DateTimeOffset? from) => from is { } f && f > DateTimeOffset.MinValue ? family + Newest(f.AddTicks(-1)) : End(family);

    /// <summary>The first key after every key that starts with <paramref name="prefix"/>.</summary>
    public static string End(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private static string Position(OrderSummary order) => $"{Newest(order.CreatedAt)}!{order.OrderId}";

    private static string Newest(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}
