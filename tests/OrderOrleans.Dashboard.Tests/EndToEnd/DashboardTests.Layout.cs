using Microsoft.Playwright;
using OrderOrleans.Testing;

namespace OrderOrleans.Dashboard.Tests.EndToEnd;

/// <summary>The layout is static HTML around each page's interactive content: its menu and theme work in the browser.</summary>
public partial class DashboardTests
{
    private static Task<string> ColourScheme(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).getPropertyValue('--mud-native-html-color-scheme').trim()");

    [Fact]
    public async Task The_theme_follows_the_system_until_the_user_picks_one_which_lasts_across_navigation_and_reload()
    {
        var page = await fixture.Open("/", ColorScheme.Dark);
        var toggle = page.GetByTestId("theme-toggle");
        (await ColourScheme(page)).ShouldBe("dark");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");

        await toggle.ClickAsync();
        (await ColourScheme(page)).ShouldBe("light");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");

        await page.GetByRole(AriaRole.Link, new() { Name = "Products" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Products");
        (await ColourScheme(page)).ShouldBe("light");
        await page.ReloadAsync();
        (await ColourScheme(page)).ShouldBe("light");
        await Assertions.Expect(page.GetByTestId("theme-toggle")).ToHaveAttributeAsync("aria-pressed", "false");
    }

    [Fact]
    public async Task On_a_phone_the_menu_opens_from_its_button_closes_with_escape_and_a_link_in_it_opens_the_page_with_focus_on_its_heading()
    {
        var page = await fixture.Open("/");
        await page.SetViewportSizeAsync(390, 800);
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
        var customers = page.GetByRole(AriaRole.Link, new() { Name = "Customers" });
        await Assertions.Expect(customers).Not.ToBeVisibleAsync();
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");

        await menu.ClickAsync();
        await Assertions.Expect(customers).ToBeInViewportAsync();
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(customers).Not.ToBeInViewportAsync();
        await Assertions.Expect(menu).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Enter");
        await customers.ClickAsync();
        await page.WaitForURLAsync("**/customers");
        await Assertions.Expect(page.Locator("main h1")).ToBeFocusedAsync();
        await Assertions.Expect(customers).Not.ToBeInViewportAsync();
    }

    [Fact]
    public async Task On_a_wide_screen_the_menu_closed_by_its_button_stays_closed_on_the_next_page()
    {
        var page = await fixture.Open("/");
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
        var products = page.GetByRole(AriaRole.Link, new() { Name = "Products" });
        await Assertions.Expect(products).ToBeInViewportAsync();
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");

        await menu.ClickAsync();
        await Assertions.Expect(products).Not.ToBeInViewportAsync();
        await page.GotoAsync(fixture.Dashboard.Url + "products");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Products");
        await Assertions.Expect(products).Not.ToBeInViewportAsync();
        await menu.ClickAsync();
        await Assertions.Expect(products).ToBeInViewportAsync();
    }

    [Fact]
    public async Task On_a_phone_the_list_is_sorted_from_a_field_since_its_headers_give_way_to_cards()
    {
        var customer = TestNames.OrderId("phone-sort");
        foreach (var price in new[] { 10, 30, 20 })
        {
            (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{TestNames.OrderId($"ps{price}")}}","customerId":"{{customer}}","items":[{"productId":"A","quantity":1,"unitPrice":{{price}}}]}"""))).EnsureSuccessStatusCode();
        }
        await Eventually.Until(() => fixture.Api.GetStringAsync($"/api/orders?customerId={customer}"), body => body.Contains("\"totalCount\":3", StringComparison.Ordinal));
        var page = await fixture.Open($"/?customer={customer}");
        await page.SetViewportSizeAsync(390, 800);
        var sort = page.GetByLabel("Sort by");
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Total" })).Not.ToBeVisibleAsync();

        await sort.SelectOptionAsync(new SelectOptionValue { Label = "Highest total" });
        await Assertions.Expect(page.Locator("[data-testid=orders-grid] tbody tr").First).ToContainTextAsync("30.00 USD");
        await Eventually.Until(() => Task.FromResult(page.Url), url => url.Contains("sort=total-desc", StringComparison.Ordinal));

        await page.SetViewportSizeAsync(1400, 900);
        await Assertions.Expect(sort).Not.ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Total" })).ToHaveAttributeAsync("aria-sort", "descending");
    }
}
