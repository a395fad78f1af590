using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Projections.OrderList;

namespace OrderOrleans.Tests.Projections;

/// <summary>A shard's heads stay true prefixes of their families whatever is written while they load or after.</summary>
public class OrderListHeadsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static OrderSummary Order(int minute) =>
        new($"o-{minute:D3}", "c", OrderStatus.Created, "USD", 1m, 0m, 1, Start.AddMinutes(minute), Start, null, 1, null);

    private static (string Key, OrderSummary Row) Row(int minute) => (OrderListKeys.Of(Order(minute)).First(), Order(minute));

    private static Task<List<OrderSummary>?> ReadAll(OrderListHeads heads, int take, Func<int, Task<(List<(string Key, OrderSummary Row)>, bool)>> load) =>
        heads.Read("a:", "a:", false, OrderListKeys.End("a:"), _ => true, take, load);

    [Fact]
    public async Task A_load_that_finishes_at_once_is_read_and_kept()
    {
        using var heads = new OrderListHeads(4, 100);
        var loads = 0;

        var first = await ReadAll(heads, 2, _ => { loads++; return Task.FromResult((new List<(string, OrderSummary)> { Row(9), Row(8) }, true)); });
        var again = await ReadAll(heads, 2, _ => throw new InvalidOperationException("loaded twice"));

        first!.Select(o => o.OrderId).ShouldBe(["o-009", "o-008"]);
        again!.Select(o => o.OrderId).ShouldBe(["o-009", "o-008"]);
        loads.ShouldBe(1);
    }

    [Fact]
    public async Task Writes_while_a_head_loads_are_replayed_onto_it_and_later_ones_move_it()
    {
        using var heads = new OrderListHeads(4, 100);
        var storage = new TaskCompletionSource<(List<(string Key, OrderSummary Row)>, bool)>();
        var reading = ReadAll(heads, 3, _ => storage.Task);

        // Committed while the read was on its way: a newer order, and the deletion of one the read will still return.
        heads.Written(new Dictionary<string, OrderSummary?> { [Row(20).Key] = Order(20), [Row(8).Key] = null });
        storage.SetResult(([Row(9), Row(8), Row(7), Row(6)], false));
        (await reading)!.Select(o => o.OrderId).ShouldBe(["o-020", "o-009", "o-007"]);

        // Past the end of a head that is not the whole family: left to storage, so the head cannot answer a longer page.
        heads.Written(new Dictionary<string, OrderSummary?> { [Row(1).Key] = Order(1) });
        (await ReadAll(heads, 3, _ => throw new InvalidOperationException("loaded twice")))!.Count.ShouldBe(3);
        (await ReadAll(heads, 4, _ => throw new InvalidOperationException("loaded twice"))).ShouldBeNull();
    }
}
