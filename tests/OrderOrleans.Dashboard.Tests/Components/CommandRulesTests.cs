extern alias dashboard;
using dashboard::OrderOrleans.Dashboard.Components.Pages;
using dashboard::OrderOrleans.Dashboard.Components.Widgets;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Tests.Components;

public class CommandRulesTests
{
    [Theory]
    [InlineData(OrderStatus.Created, new[] { CommandKind.AddItem, CommandKind.Cancel })]
    [InlineData(OrderStatus.Placed, new[] { CommandKind.Pay, CommandKind.Cancel })]
    [InlineData(OrderStatus.Paid, new[] { CommandKind.Ship, CommandKind.Cancel })]
    [InlineData(OrderStatus.Shipped, new[] { CommandKind.Deliver })]
    [InlineData(OrderStatus.Delivered, new CommandKind[0])]
    [InlineData(OrderStatus.Cancelled, new CommandKind[0])]
    public void Buttons_offer_only_the_commands_the_state_allows(OrderStatus status, CommandKind[] expected) =>
        CommandKinds.AllowedIn(status).ShouldBe(expected);

    [Theory]
    [InlineData("SKU-1", null)]
    [InlineData(" SKU-1 ", null)]
    [InlineData("has space", "Use " + OrderKeys.Rule + ".")]
    [InlineData("", "Use " + OrderKeys.Rule + ".")]
    [InlineData("..", "Use " + OrderKeys.Rule + ".")]
    public void Ids_are_checked_inline_as_the_API_checks_them(string value, string? error) =>
        CommandValues.ValidateKey(value).ShouldBe(error);

    [Fact]
    public void Quantities_and_amounts_must_be_positive()
    {
        CommandValues.ValidateQuantity(0).ShouldNotBeNull();
        CommandValues.ValidateQuantity(3).ShouldBeNull();
        CommandValues.ValidatePositive(0m).ShouldNotBeNull();
        CommandValues.ValidatePositive(0.01m).ShouldBeNull();
    }

    [Fact]
    public void A_dialog_turns_its_values_into_the_command()
    {
        var values = new CommandValues { ProductId = " SKU-9 ", Name = "Nine", Quantity = 2, Amount = 4.5m };
        var context = CommandContext.New("tester");

        var command = values.ToCommand(CommandKind.AddItem)(context);

        command.ShouldBe(new AddItem(new OrderLine("SKU-9", "Nine", 2, 4.5m)) { Context = context });
    }

    [Theory]
    [InlineData(OrderListSort.Newest, "CreatedAt", OrderListSort.Oldest)]
    [InlineData(OrderListSort.Oldest, "CreatedAt", OrderListSort.Newest)]
    [InlineData(OrderListSort.Newest, "Total", OrderListSort.TotalAscending)]
    [InlineData(OrderListSort.TotalAscending, "Total", OrderListSort.TotalDescending)]
    [InlineData(OrderListSort.TotalDescending, "Total", OrderListSort.Newest)]
    [InlineData(OrderListSort.Status, "CustomerId", OrderListSort.Customer)]
    [InlineData(OrderListSort.Customer, "CustomerId", OrderListSort.Newest)]
    [InlineData(OrderListSort.TotalAscending, "Status", OrderListSort.Status)]
    [InlineData(OrderListSort.Status, "Status", OrderListSort.Newest)]
    public void A_click_on_a_column_header_turns_its_sort_one_step(OrderListSort before, string column, OrderListSort after) =>
        new OrderListFilter(null, null, null, null, before).SortAfterClick(column).ShouldBe(after);

    [Theory]
    [InlineData(ErrorKind.StaleVersion, "Someone else changed this order (it is now at version 7). It has been reloaded")]
    [InlineData(ErrorKind.VersionConflict, "Someone else changed this order (it is now at version 7). It has been reloaded")]
    [InlineData(ErrorKind.Unavailable, "Storage did not answer in time: the command may still complete.")]
    [InlineData(ErrorKind.RuleViolated, "A payment must cover the total.")]
    public void A_refusal_reads_as_a_sentence(ErrorKind kind, string expected) =>
        dashboard::OrderOrleans.Dashboard.OrderCommands.Describe(new OrderError(kind, "code", "A payment must cover the total.", CurrentVersion: 7))
            .ShouldStartWith(expected);

    [Fact]
    public void The_date_filter_covers_whole_days()
    {
        var filter = new OrderListFilter(OrderStatus.Paid, "C-1", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 3));

        var query = filter.ToQuery();

        (query.Status, query.CustomerId).ShouldBe((OrderStatus.Paid, "C-1"));
        query.From.ShouldBe(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        query.To.ShouldBe(new DateTimeOffset(2026, 11, 4, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void The_list_round_trips_through_the_url_and_ignores_what_does_not_parse()
    {
        var list = new OrderListFilter(OrderStatus.Paid, "C-1", new DateOnly(2026, 11, 1), null, OrderListSort.TotalDescending, 3, 50);
        var query = list.ToQueryParameters();

        query["sort"].ShouldBe("total-desc");
        Parse(query).ShouldBe(list);
        list.ToQuery().Sort.ShouldBe(OrderListSort.TotalDescending);
        OrderListFilter.Parse("Lost", " C-2 ", "2026-13-01", "yesterday", "sideways", "0", "7").ShouldBe(new OrderListFilter(null, "C-2", null, null));
    }

    [Fact]
    public void A_plain_list_has_a_plain_url()
    {
        var query = new OrderListFilter(null, null, null, null).ToQueryParameters();

        query.Values.ShouldAllBe(v => v == null);
        Parse(query).ShouldBe(new OrderListFilter(null, null, null, null, OrderListSort.Newest, 1, OrderListFilter.DefaultPageSize));
    }

    private static readonly string[] s_sortableColumns = ["CreatedAt", "Total", "CustomerId", "Status"];

    [Theory]
    [InlineData(OrderListSort.Newest, "CreatedAt", "descending")]
    [InlineData(OrderListSort.Oldest, "CreatedAt", "ascending")]
    [InlineData(OrderListSort.TotalDescending, "Total", "descending")]
    [InlineData(OrderListSort.TotalAscending, "Total", "ascending")]
    [InlineData(OrderListSort.Customer, "CustomerId", "ascending")]
    [InlineData(OrderListSort.Status, "Status", "ascending")]
    public void A_list_opened_from_its_url_shows_its_sorted_column_and_only_that_one(OrderListSort sort, string column, string direction)
    {
        var list = new OrderListFilter(null, null, null, null, sort);

        list.DirectionOf(column).ShouldBe(direction);
        s_sortableColumns.Where(c => c != column).ShouldAllBe(c => list.DirectionOf(c) == "none");
    }

    private static OrderListFilter Parse(IReadOnlyDictionary<string, object?> query) => OrderListFilter.Parse(
        (string?)query["status"], (string?)query["customer"], (string?)query["from"], (string?)query["to"], (string?)query["sort"], (string?)query["page"], (string?)query["size"]);
}
