extern alias dashboard;
using System.Text.RegularExpressions;
using dashboard::OrderOrleans.Dashboard.Components.Widgets;
using Microsoft.Playwright;
using OrderOrleans.Testing;

namespace OrderOrleans.Dashboard.Tests.EndToEnd;

public partial class DashboardTests(DashboardFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<DashboardFixture>
{
    private static readonly LocatorAssertionsToHaveTextOptions s_within2s = new() { Timeout = 2000 };

    private static async Task Command(IPage page, string kind, params (string TestId, string Value)[] fields)
    {
        await page.GetByTestId($"command-{kind}").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.WaitForAsync();
        foreach (var (testId, value) in fields)
        {
            await Fill(page, testId, value);
        }
        await dialog.GetByTestId("submit").ClickAsync();
        await dialog.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    [Fact]
    public async Task An_order_created_and_driven_through_the_UI_shows_its_new_status_in_an_open_list_without_reload()
    {
        var customer = TestNames.OrderId("ui");
        var list = await fixture.Open($"/");
        await Fill(list, "customer-filter", customer);

        var page = await fixture.Open("/orders/new");
        await Fill(page, "customer-id", customer);
        await Fill(page, "line-product", "SKU-1");
        await Fill(page, "line-quantity", "2");
        await Fill(page, "line-price", "12.50");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "create-order.png"), FullPage = true });
        await page.GetByTestId("create").ClickAsync();
        await page.WaitForURLAsync(new Regex("/orders/ord-"));
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Created");
        await Arrived(page);

        await Command(page, "AddItem", ("product-id", "SKU-2"), ("quantity", "1"), ("unit-price", "5"));
        await Assertions.Expect(page.GetByTestId("order-total")).ToContainTextAsync("30.00");
        await page.GetByTestId("command-Place").ClickAsync();
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Placed");
        // The button is gone with the state that allowed it: focus moves to the result, not to the page's body.
        await Assertions.Expect(page.GetByTestId("order-status")).ToBeFocusedAsync();
        await Command(page, "Pay");
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Paid");
        await Command(page, "Ship", ("carrier", "UPS"), ("tracking", "1Z999"));
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Shipped");
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("OrderShipped");
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync($"by {DashboardFixture.User}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "order-detail.png"), FullPage = true });

        await Assertions.Expect(list.GetByTestId("orders-grid")).ToContainTextAsync("Shipped");
        await list.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "orders.png"), FullPage = true });
        // Every column fits the page: long ids wrap rather than push the last column out of sight.
        (await list.GetByTestId("orders-grid").EvaluateAsync<int>(
            "grid => { const t = grid.querySelector('.mud-table-container'); return t.scrollWidth - t.clientWidth; }")).ShouldBeLessThanOrEqualTo(0);
        // The order is reachable by keyboard: its id is a link (which also opens in a new tab), Enter opens it.
        var orderId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        var link = list.GetByTestId("orders-grid").GetByRole(AriaRole.Link, new() { Name = orderId, Exact = true });
        await Assertions.Expect(link).ToHaveAttributeAsync("href", $"orders/{orderId}");
        // Ctrl+click opens it in a new tab, and the list stays where it was.
        var tab = await list.Context.RunAndWaitForPageAsync(() => link.ClickAsync(new() { Modifiers = [KeyboardModifier.ControlOrMeta] }));
        await tab.WaitForURLAsync(new Regex($"/orders/{orderId}$"));
        await Assertions.Expect(tab.GetByTestId("order-status")).ToHaveTextAsync("Shipped");
        new Uri(list.Url).AbsolutePath.ShouldBe("/");
        await link.FocusAsync();
        await list.Keyboard.PressAsync("Enter");
        await list.WaitForURLAsync(new Regex($"/orders/{orderId}$"));
        await Assertions.Expect(list.GetByTestId("order-status")).ToHaveTextAsync("Shipped");
    }

    [Fact]
    public async Task Without_signing_in_every_page_leads_to_the_sign_in_page_and_a_wrong_password_is_refused()
    {
        var page = await fixture.Anonymous();

        await page.GotoAsync(fixture.Dashboard.Url + "orders/new");

        page.Url.ShouldContain("/login?ReturnUrl=%2Forders%2Fnew");
        // A name that is markup stays text.
        const string Hostile = "\"><img src=x onerror=alert(1)>";
        await page.FillAsync("#name", Hostile);
        await page.FillAsync("#password", "wrong");
        await page.GetByTestId("login").ClickAsync();
        await Assertions.Expect(page.Locator("#name")).ToHaveValueAsync(Hostile);
        await Assertions.Expect(page.Locator("img")).ToHaveCountAsync(0);
        // A wrong password is announced, the name stays as typed, focus is on the password, and the way back is kept.
        await page.FillAsync("#name", DashboardFixture.User);
        await page.FillAsync("#password", "wrong");
        await page.GetByTestId("login").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The user or the password is wrong.");
        await Assertions.Expect(page.Locator("#name")).ToHaveValueAsync(DashboardFixture.User);
        await Assertions.Expect(page.Locator("#password")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(DashboardFixture.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/orders/new$"));
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync(DashboardFixture.User);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "signed-in.png") });
    }

    [Fact]
    public async Task An_order_changed_through_the_API_appears_in_an_open_dashboard_within_two_seconds()
    {
        var customer = TestNames.OrderId("api");
        var orderId = TestNames.OrderId("api-order");
        var list = await fixture.Open("/");
        await Fill(list, "customer-filter", customer);
        (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{orderId}}","customerId":"{{customer}}","items":[{"productId":"A","quantity":1,"unitPrice":3}]}"""))).EnsureSuccessStatusCode();
        await Assertions.Expect(list.GetByTestId("orders-grid")).ToContainTextAsync(orderId, new LocatorAssertionsToContainTextOptions { Timeout = 2000 });
        var detail = await fixture.Open($"/orders/{orderId}");

        (await fixture.Api.PostAsync($"/api/orders/{orderId}/place", null)).EnsureSuccessStatusCode();

        await Assertions.Expect(detail.GetByTestId("order-status")).ToHaveTextAsync("Placed", s_within2s);
        await Assertions.Expect(list.GetByTestId("orders-grid")).ToContainTextAsync("Placed", new LocatorAssertionsToContainTextOptions { Timeout = 2000 });
    }

    [Fact]
    public async Task Clicking_a_column_header_sorts_the_list_on_the_server()
    {
        var customer = TestNames.OrderId("sorted");
        var ids = new List<string>();
        foreach (var price in new[] { 10, 30, 20 })
        {
            var id = TestNames.OrderId($"p{price}");
            ids.Add(id);
            (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{id}}","customerId":"{{customer}}","items":[{"productId":"A","quantity":1,"unitPrice":{{price}}}]}"""))).EnsureSuccessStatusCode();
        }
        await Eventually.Until(() => fixture.Api.GetStringAsync($"/api/orders?customerId={customer}"), body => body.Contains("\"totalCount\":3", StringComparison.Ordinal));
        var list = await fixture.Open("/");
        await Fill(list, "customer-filter", customer);
        // Exactly this customer's three rows: the filter has applied, so no other test's order can be first.
        var rows = list.Locator("[data-testid=orders-grid] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        var firstRow = rows.First;
        await Assertions.Expect(firstRow).ToContainTextAsync(ids[2]);

        await list.GetByRole(AriaRole.Columnheader, new() { Name = "Total" }).Locator(".sortable-column-header").ClickAsync();
        await Assertions.Expect(firstRow).ToContainTextAsync(ids[0]);
        await list.GetByRole(AriaRole.Columnheader, new() { Name = "Total" }).Locator(".sortable-column-header").ClickAsync();
        await Assertions.Expect(firstRow).ToContainTextAsync(ids[1]);
    }

    [Fact]
    public async Task A_change_reaches_fifty_open_order_lists_and_each_circuit_costs_little_server_memory()
    {
        const int circuits = 50;
        var customer = TestNames.OrderId("fifty");
        var orderId = TestNames.OrderId("fifty-order");
        // A full first page whatever ran before: nineteen orders, then the one that changes, newest (so first).
        for (var i = 0; i < 19; i++)
        {
            (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{TestNames.OrderId($"fifty{i}")}}","customerId":"{{customer}}","items":[{"productId":"A","quantity":1,"unitPrice":4}]}"""))).EnsureSuccessStatusCode();
        }
        (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{orderId}}","customerId":"{{customer}}","items":[{"productId":"A","quantity":1,"unitPrice":4}]}"""))).EnsureSuccessStatusCode();
        await Eventually.Until(() => fixture.Api.GetStringAsync($"/api/orders?customerId={customer}"), body => body.Contains("\"totalCount\":20", StringComparison.Ordinal));
        var before = ManagedHeap();

        // Each list as a user opens it: a full first page of twenty orders.
        var pages = new List<IPage>();
        for (var i = 0; i < circuits; i++)
        {
            var page = await fixture.Open("/");
            await Assertions.Expect(Row(page)).ToContainTextAsync("Created");
            pages.Add(page);
        }
        var perCircuit = (ManagedHeap() - before) / circuits;
        output.WriteLine($"Server managed heap per open order-list circuit: {perCircuit / 1024.0:N0} KiB ({circuits} circuits)");

        (await fixture.Api.PostAsync($"/api/orders/{orderId}/place", null)).EnsureSuccessStatusCode();

        foreach (var page in pages)
        {
            await Assertions.Expect(Row(page)).ToContainTextAsync("Placed", new LocatorAssertionsToContainTextOptions { Timeout = 10_000 });
        }
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
        // The budget: a dashboard process holds hundreds of operators' open lists.
        perCircuit.ShouldBeLessThanOrEqualTo(350_000);

        ILocator Row(IPage page) => page.Locator("[data-testid=orders-grid] tbody tr", new() { HasText = orderId });
    }

    private static long ManagedHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    [Fact]
    public async Task A_command_from_the_dashboard_is_one_trace_from_the_click_through_the_grain_to_the_table_write()
    {
        var activities = new System.Collections.Concurrent.ConcurrentBag<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) || s.Name.StartsWith("Azure", StringComparison.Ordinal),
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var orderId = TestNames.OrderId("traced");
        (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{orderId}}","customerId":"C","items":[{"productId":"A","quantity":1,"unitPrice":2}]}"""))).EnsureSuccessStatusCode();
        var page = await fixture.Open($"/orders/{orderId}");
        activities.Clear();

        await page.GetByTestId("command-Place").ClickAsync();
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Placed");
        // The button is gone with the state that allowed it: focus moves to the result, not to the page's body.
        await Assertions.Expect(page.GetByTestId("order-status")).ToBeFocusedAsync();

        var traces = activities.GroupBy(a => a.TraceId).ToList();
        var placed = traces.FirstOrDefault(t =>
            t.Any(a => a.Kind == System.Diagnostics.ActivityKind.Client && a.DisplayName.Contains("IOrderGrain/Execute", StringComparison.Ordinal)) &&
            t.Any(a => a.Kind == System.Diagnostics.ActivityKind.Server && a.DisplayName.Contains("IOrderGrain/Execute", StringComparison.Ordinal)) &&
            t.Any(a => a.DisplayName.Contains("TableClient.AddEntity", StringComparison.Ordinal)));
        placed.ShouldNotBeNull(string.Join("; ", traces.Select(t => string.Join(", ", t.Select(a => $"{a.Kind} {a.DisplayName}")))));
    }

    [Fact]
    public async Task An_order_shows_its_shipping_address_and_once_erased_says_so()
    {
        var (customer, orderId) = (TestNames.OrderId("erase"), TestNames.OrderId("erase-order"));
        (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{orderId}}","customerId":"{{customer}}","shippingAddress":{"line1":"4 Privet Drive","city":"Little Whinging","country":"GB"},"items":[{"productId":"A","quantity":1,"unitPrice":3}]}"""))).EnsureSuccessStatusCode();
        var page = await fixture.Open($"/orders/{orderId}");
        await Assertions.Expect(page.GetByTestId("shipping-address")).ToContainTextAsync("4 Privet Drive, Little Whinging, GB");

        (await fixture.Api.DeleteAsync($"/api/customers/{customer}/personal-data")).EnsureSuccessStatusCode();

        var reopened = await fixture.Open($"/orders/{orderId}");
        await Assertions.Expect(reopened.GetByTestId("shipping-address")).ToContainTextAsync("erased");
        await Assertions.Expect(reopened.GetByTestId("shipping-address")).Not.ToContainTextAsync("Privet");
    }

    [Fact]
    public async Task Command_dialogs_close_on_Escape_and_keep_what_was_typed_when_refused()
    {
        var orderId = TestNames.OrderId("dialog");
        (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{orderId}}","customerId":"C","items":[{"productId":"A","quantity":1,"unitPrice":3}]}"""))).EnsureSuccessStatusCode();
        var page = await fixture.Open($"/orders/{orderId}");

        // By keyboard: the button opens the dialog with focus in its first field; Escape, having typed nothing, leaves it.
        await page.GetByTestId("command-Cancel").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.WaitForAsync();
        await Assertions.Expect(Input(page, "reason")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Created");

        // The same product at another price is refused (item.price-mismatch): the dialog stays, says why, keeps the values.
        await page.GetByTestId("command-AddItem").ClickAsync();
        await Assertions.Expect(Input(page, "product-id")).ToBeFocusedAsync();
        await Fill(page, "product-id", "A");
        await Fill(page, "quantity", "2");
        await Fill(page, "unit-price", "4");
        await dialog.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("dialog-refusal")).ToContainTextAsync("price");
        await Assertions.Expect(Input(page, "product-id")).ToHaveValueAsync("A");
        await Assertions.Expect(Input(page, "quantity")).ToHaveValueAsync("2");

        // Corrected in place, it goes through and the dialog closes.
        await Fill(page, "unit-price", "3");
        await dialog.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("order-version")).ToHaveTextAsync("3");
        // Focus stays in the content (the opener, or the order's status), never drops to the page's body.
        (await page.EvaluateAsync<bool>("() => document.activeElement !== document.body")).ShouldBeTrue();
        (await EmptyHeaders(page)).ShouldBe(0);
    }

    /// <summary>Table headers with no text for a screen reader to name their column by.</summary>
    private static Task<int> EmptyHeaders(IPage page) =>
        page.EvaluateAsync<int>("() => [...document.querySelectorAll('th')].filter(th => th.textContent.trim() === '').length");

    [Fact]
    public async Task Status_chips_are_readable_white_on_a_dark_colour_in_both_themes()
    {
        var orderId = TestNames.OrderId("chips");
        (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{orderId}}","customerId":"C","items":[{"productId":"A","quantity":1,"unitPrice":3}]}"""))).EnsureSuccessStatusCode();
        var page = await fixture.Open($"/orders/{orderId}");
        const string Contrast = """
            el => {
              const lum = c => { const [r, g, b] = c.match(/\d+/g).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                                 return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
              const s = getComputedStyle(el); const [a, b] = [lum(s.color), lum(s.backgroundColor)].sort((x, y) => y - x);
              return (a + 0.05) / (b + 0.05);
            }
            """;
        foreach (var theme in new[] { "light", "dark" })
        {
            var chip = page.Locator("[data-status]").First;
            (await chip.EvaluateAsync<double>(Contrast)).ShouldBeGreaterThanOrEqualTo(4.5, theme);
            await page.GetByTestId("theme-toggle").ClickAsync();
        }
        foreach (var status in Enum.GetValues<OrderOrleans.Domain.OrderStatus>())
        {
            await page.EvaluateAsync("([bg]) => { const d = document.createElement('span'); d.id = 'probe'; d.style.color = '#ffffff'; d.style.backgroundColor = bg; document.body.append(d); }",
                new[] { StatusChip.BackgroundOf(status) });
            (await page.Locator("#probe").EvaluateAsync<double>(Contrast)).ShouldBeGreaterThanOrEqualTo(4.5, status.ToString());
            await page.EvaluateAsync("() => document.getElementById('probe').remove()");
        }
    }

    [Fact]
    public async Task The_time_travel_slider_shows_the_order_as_it_was()
    {
        var orderId = TestNames.OrderId("travel");
        (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{orderId}}","customerId":"C","items":[{"productId":"A","quantity":2,"unitPrice":10}]}"""))).EnsureSuccessStatusCode();
        (await fixture.Api.PostAsync($"/api/orders/{orderId}/items", Json("""{"productId":"B","quantity":1,"unitPrice":5}"""))).EnsureSuccessStatusCode();
        (await fixture.Api.PostAsync($"/api/orders/{orderId}/place", null)).EnsureSuccessStatusCode();
        var page = await fixture.Open($"/orders/{orderId}");
        await Assertions.Expect(page.GetByTestId("travel-state")).ToContainTextAsync("At version 4");

        // One step at a time: each step loads the order as it was, and a click during the load could be lost.
        await page.GetByTestId("travel-back").ClickAsync();
        await Assertions.Expect(page.GetByTestId("travel-state")).ToContainTextAsync("At version 3");
        await page.GetByTestId("travel-back").ClickAsync();

        await Assertions.Expect(page.GetByTestId("travel-state")).ToContainTextAsync("At version 2");
        await Assertions.Expect(page.GetByTestId("travel-total")).ToContainTextAsync("total 20.00 USD");
        await Assertions.Expect(page.GetByTestId("travel-change")).ToContainTextAsync("ItemAdded");
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Placed");
    }

    [Fact]
    public async Task The_products_page_shows_a_placed_orders_units_as_reserved_and_follows_a_payment_without_reload()
    {
        var (orderId, product) = (TestNames.OrderId("stock"), TestNames.OrderId("widget"));
        (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{orderId}}","customerId":"C","items":[{"productId":"{{product}}","name":"Widget","quantity":1000,"unitPrice":2}]}"""))).EnsureSuccessStatusCode();
        (await fixture.Api.PostAsync($"/api/orders/{orderId}/place", null)).EnsureSuccessStatusCode();
        await Eventually.Until(() => fixture.Api.GetAsync($"/api/products/{product}"), r => r.IsSuccessStatusCode);
        var page = await fixture.Open("/products");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = product });

        await Assertions.Expect(row).ToContainTextAsync("Widget");
        await Assertions.Expect(row.GetByTestId("units-reserved")).ToHaveTextAsync("1000");
        (await fixture.Api.PostAsync($"/api/orders/{orderId}/payments", Json("""{"amount":2000}"""))).EnsureSuccessStatusCode();
        await Assertions.Expect(row).ToContainTextAsync("2,000.00 USD");
    }

    [Fact]
    public async Task The_projections_page_lists_every_projection_and_shows_the_chosen_one()
    {
        var page = await fixture.Open("/projections");
        var rows = page.GetByTestId("projections").Locator("tbody tr");

        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("projection-name")).ToHaveTextAsync("order-list");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show products" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("projection-name")).ToHaveTextAsync("products");
        await Assertions.Expect(page.GetByTestId("projection-state")).ToHaveTextAsync("Live");
    }

    [Theory]
    [InlineData("customers?id=C", "customers")]
    [InlineData("analytics", "analytics")]
    [InlineData("products", "products")]
    [InlineData("events", "live-events")]
    [InlineData("projections", "projections")]
    public async Task Every_main_page_renders(string path, string name)
    {
        var orderId = TestNames.OrderId("shown");
        (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{orderId}}","customerId":"C","items":[{"productId":"A","quantity":3,"unitPrice":7}]}"""))).EnsureSuccessStatusCode();
        (await fixture.Api.PostAsync($"/api/orders/{orderId}/place", null)).EnsureSuccessStatusCode();
        (await fixture.Api.PostAsync($"/api/orders/{orderId}/payments", Json("""{"amount":21}"""))).EnsureSuccessStatusCode();
        await Eventually.Until(() => fixture.Api.GetStringAsync($"/api/orders?customerId=C&status=Paid"), body => body.Contains(orderId, StringComparison.Ordinal));

        var page = await fixture.Open(path);

        // The page's heading, once rendered; not "network idle", which a live page may never reach.
        await Assertions.Expect(page.Locator("h1")).Not.ToBeEmptyAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, $"{name}.png"), FullPage = true });
        // One h1 and one main landmark; the first Tab stop skips the app bar and the menu to it.
        await Assertions.Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("main")).ToHaveCountAsync(1);
        (await EmptyHeaders(page)).ShouldBe(0);
        (await page.EvaluateAsync<string>("() => document.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])').textContent"))
            .ShouldBe("Skip to content");
        await page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main")).ToBeFocusedAsync();
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
