extern alias dashboard;
using Bunit;
using dashboard::OrderOrleans.Dashboard.Components.Widgets;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Tests.Components;

/// <summary>MudBlazor's services dispose only asynchronously, so the bUnit context is disposed through IAsyncLifetime.</summary>
public sealed class TimeTravelTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_at = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly BunitContext _bunit = new();

    public TimeTravelTests()
    {
        _bunit.Services.AddMudServices();
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private static OrderView At(int version) => new(
        "O-1", "C", version >= 3 ? OrderStatus.Placed : OrderStatus.Created, "USD",
        [.. Enumerable.Range(1, Math.Max(0, version - 1)).Select(i => new OrderLineView($"P{i}", $"P{i}", 1, 10m, 10m))],
        10m * Math.Min(2, Math.Max(0, version - 1)), 0m, null, null, null, null, version, s_at, s_at);

    private static readonly StoredEvent[] s_events =
    [
        new(1, "OrderCreated", 2, """{"customerId":"C"}""", s_at, "u", "c1", "r", "c1"),
        new(2, "ItemAdded", 2, """{"productId":"P1"}""", s_at, "u", "c2", "r", "c2"),
        new(3, "OrderPlaced", 1, """{"total":10}""", s_at, "u", "c3", "r", "c3"),
    ];

    private IRenderedComponent<TimeTravel> RenderAt(int version, List<int> asked) => _bunit.Render<TimeTravel>(p => p
        .Add(t => t.Version, version)
        .Add(t => t.Events, s_events)
        .Add(t => t.LoadAt, v =>
        {
            asked.Add(v);
            return Task.FromResult<OrderView?>(At(v));
        }));

    [Fact]
    public void It_starts_at_the_current_version_and_names_the_event_that_made_it()
    {
        var asked = new List<int>();

        var travel = RenderAt(3, asked);

        asked.ShouldBe([3]);
        travel.Find("[data-testid=travel-state]").TextContent.ShouldContain("At version 3");
        travel.Find("[data-testid=travel-change]").TextContent.ShouldContain("OrderPlaced");
    }

    [Fact]
    public void Going_back_shows_the_earlier_state_and_its_change()
    {
        var asked = new List<int>();
        var travel = RenderAt(3, asked);

        travel.Find("[data-testid=travel-back]").Click();
        travel.Find("[data-testid=travel-back]").Click();

        asked.ShouldBe([3, 2, 1]);
        travel.Find("[data-testid=travel-state]").TextContent.ShouldContain("At version 1");
        travel.Find("[data-testid=travel-total]").TextContent.ShouldContain("total 0.00 USD");
        travel.Find("[data-testid=travel-change]").TextContent.ShouldContain("OrderCreated");
        travel.Find("[data-testid=travel-back]").HasAttribute("disabled").ShouldBeTrue();
        travel.Find("[data-testid=travel-forward]").Click();
        travel.Find("[data-testid=travel-total]").TextContent.ShouldContain("total 10.00 USD");
    }

    [Fact]
    public void Watching_the_present_it_follows_a_new_version()
    {
        var asked = new List<int>();
        var travel = RenderAt(3, asked);

        travel.Render(p => p.Add(t => t.Version, 4));

        asked.ShouldBe([3, 4]);
        travel.Markup.ShouldContain("Version 4 of 4");
    }

    [Fact]
    public void Travelled_back_it_stays_when_a_new_version_arrives()
    {
        var asked = new List<int>();
        var travel = RenderAt(3, asked);
        travel.Find("[data-testid=travel-back]").Click();

        travel.Render(p => p.Add(t => t.Version, 4));

        asked.ShouldBe([3, 2]);
        travel.Markup.ShouldContain("Version 2 of 4");
    }
}
