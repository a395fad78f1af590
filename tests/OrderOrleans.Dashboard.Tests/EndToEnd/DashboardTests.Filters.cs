using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrderOrleans.Testing;

namespace OrderOrleans.Dashboard.Tests.EndToEnd;

/// <summary>Filters by keyboard, kept in the URL; analytics over a chosen range.</summary>
public partial class DashboardTests
{
    /// <summary>Types a day into an empty native date input as a keyboard user does (month, day, year in en-US), then leaves it.</summary>
    private static async Task TypeDay(IPage page, string testId, DateOnly day)
    {
        await Input(page, testId).FocusAsync();
        await page.Keyboard.TypeAsync(day.ToString("MMddyyyy", CultureInfo.InvariantCulture));
        await page.Keyboard.PressAsync("Tab");
    }

    [Fact]
    public async Task The_order_list_filters_by_keyboard_typed_dates_and_keeps_its_filters_in_the_url_across_a_reload()
    {
        var customer = TestNames.OrderId("filter");
        var orderId = TestNames.OrderId("filter-order");
        (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{orderId}}","customerId":"{{customer}}","items":[{"productId":"A","quantity":1,"unitPrice":4}]}"""))).EnsureSuccessStatusCode();
        await Eventually.Until(() => fixture.Api.GetStringAsync($"/api/orders?customerId={customer}"), body => body.Contains(orderId, StringComparison.Ordinal));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var page = await fixture.Open("/");

        await Fill(page, "customer-filter", customer);
        await TypeDay(page, "created-from", today);
        // Both filters in the URL (Blazor replaces it in place: read it, rather than wait for a navigation event).
        await Eventually.Until(() => Task.FromResult(page.Url),
            url => url.Contains($"customer={customer}", StringComparison.Ordinal) && url.Contains($"from={today:yyyy-MM-dd}", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("orders-grid")).ToContainTextAsync(orderId);

        await page.ReloadAsync();
        await page.WaitForSelectorAsync("[data-testid=interactive]", new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(Input(page, "customer-filter")).ToHaveValueAsync(customer);
        await Assertions.Expect(Input(page, "created-from")).ToHaveValueAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("orders-grid")).ToContainTextAsync(orderId);

        // A filled date input keeps the caret where Chromium last left it, so typing over it is not reliable: fill it.
        await Fill(page, "created-from", today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Assertions.Expect(Input(page, "created-from")).ToHaveValueAsync(today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Eventually.Until(() => Task.FromResult(page.Url), url => url.Contains($"from={today.AddDays(1):yyyy-MM-dd}", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("orders-grid")).ToContainTextAsync("No orders match");
    }

    [Fact]
    public async Task The_order_list_keeps_its_sort_and_page_in_the_url_and_opens_at_them()
    {
        var customer = TestNames.OrderId("paged");
        for (var price = 1; price <= 11; price++)
        {
            (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{TestNames.OrderId($"paged{price}")}}","customerId":"{{customer}}","items":[{"productId":"A","quantity":1,"unitPrice":{{price}}}]}"""))).EnsureSuccessStatusCode();
        }
        await Eventually.Until(() => fixture.Api.GetStringAsync($"/api/orders?customerId={customer}"), body => body.Contains("\"totalCount\":11", StringComparison.Ordinal));
        var rows = (IPage p) => p.Locator("[data-testid=orders-grid] tbody tr");

        // A shared link: cheapest first, ten a page, the second page: the most expensive order alone.
        var page = await fixture.Open($"/?customer={customer}&sort=total&size=10&page=2");
        await Assertions.Expect(rows(page)).ToHaveCountAsync(1);
        await Assertions.Expect(rows(page).First).ToContainTextAsync("11.00 USD");
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Total" })).ToHaveAttributeAsync("aria-sort", "ascending");

        // Paging back follows in the URL (the first page is the plain one), and a reload opens there.
        await page.GetByRole(AriaRole.Button, new() { Name = "Previous page" }).ClickAsync();
        await Assertions.Expect(rows(page)).ToHaveCountAsync(10);
        await Assertions.Expect(rows(page).First).ToContainTextAsync("1.00 USD");
        await Eventually.Until(() => Task.FromResult(page.Url), url => !url.Contains("page=", StringComparison.Ordinal) && url.Contains("sort=total", StringComparison.Ordinal));

        // Sorting by a header goes into the URL too: the total, then the other way round.
        await page.GetByRole(AriaRole.Columnheader, new() { Name = "Total" }).Locator(".sortable-column-header").ClickAsync();
        await Assertions.Expect(rows(page).First).ToContainTextAsync("11.00 USD");
        await Eventually.Until(() => Task.FromResult(page.Url), url => url.Contains("sort=total-desc", StringComparison.Ordinal));
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("[data-testid=interactive]", new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(rows(page).First).ToContainTextAsync("11.00 USD");
        await Assertions.Expect(rows(page)).ToHaveCountAsync(10);
    }

    [Fact]
    public async Task Analytics_shows_each_day_as_a_bar_with_a_text_alternative_and_a_table_for_the_chosen_range()
    {
        var orderId = TestNames.OrderId("stats");
        // Two currencies: the page then asks which one its per-day figures are in.
        (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{TestNames.OrderId("stats-usd")}}","customerId":"C","items":[{"productId":"A","quantity":1,"unitPrice":1}]}"""))).EnsureSuccessStatusCode();
        (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{orderId}}","customerId":"C","currency":"EUR","items":[{"productId":"A","quantity":1,"unitPrice":40}]}"""))).EnsureSuccessStatusCode();
        (await fixture.Api.PostAsync($"/api/orders/{orderId}/place", null)).EnsureSuccessStatusCode();
        (await fixture.Api.PostAsync($"/api/orders/{orderId}/payments", Json("""{"amount":40}"""))).EnsureSuccessStatusCode();
        await Eventually.Until(() => fixture.Api.GetStringAsync("/api/analytics/summary"), body => body.Contains("EUR", StringComparison.Ordinal) && body.Contains("Paid", StringComparison.Ordinal));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var page = await fixture.Open("/analytics");

        await page.GetByTestId("analytics-currency").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "EUR" }).ClickAsync();
        var row = page.GetByTestId("analytics-days").Locator("tbody tr").Filter(new() { HasText = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        await Assertions.Expect(row).ToContainTextAsync("40.00");
        await Assertions.Expect(page.GetByTestId("chart-revenue")).ToHaveAttributeAsync("role", "img");
        await Assertions.Expect(page.GetByTestId("chart-revenue")).ToHaveAttributeAsync("aria-label", new Regex(@"revenue [\d,]+\.\d\d EUR"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "analytics-eur.png"), FullPage = true });
        // One day of data is one visible bar, not an empty line chart.
        (await page.GetByTestId("chart-revenue").Locator("path, rect").CountAsync()).ShouldBeGreaterThan(0);

        await Fill(page, "analytics-to", today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("analytics-days")).ToContainTextAsync("No orders in this range");
        await Fill(page, "analytics-from", today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("analytics-range-error")).ToHaveTextAsync("'To' is before 'From'.");
    }
}
