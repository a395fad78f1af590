using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrderOrleans.Testing;

namespace OrderOrleans.Dashboard.Tests.EndToEnd;

/// <summary>The Customers page: a search as you type, a list with figures, one customer by link.</summary>
public partial class DashboardTests
{
    [Fact]
    public async Task Customers_are_found_by_the_start_of_their_id_listed_with_figures_and_opened_by_keyboard_even_on_a_phone()
    {
        var prefix = TestNames.OrderId("find") + "-";
        foreach (var customer in new[] { prefix + "ann", prefix + "bob", prefix + "anna" })
        {
            (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{TestNames.OrderId()}}","customerId":"{{customer}}","items":[{"productId":"A","quantity":1,"unitPrice":2}]}"""))).EnsureSuccessStatusCode();
        }
        await Eventually.Until(() => fixture.Api.GetStringAsync($"/api/customers?prefix={prefix}"), body => body.Contains(prefix + "anna", StringComparison.Ordinal) && body.Contains(prefix + "bob", StringComparison.Ordinal));
        var page = await fixture.Open("/customers");
        await page.SetViewportSizeAsync(390, 844);

        await Input(page, "customer-search").FillAsync(prefix + "an");
        var found = page.GetByTestId("customers-found");
        await Assertions.Expect(found.GetByRole(AriaRole.Link)).ToHaveTextAsync([prefix + "ann", prefix + "anna"]);
        // On a phone each row is a card whose fields are named.
        await Assertions.Expect(found.Locator("td[data-label='Orders']").First).ToHaveTextAsync("1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "customers-search-390.png"), FullPage = true });

        await found.GetByRole(AriaRole.Link, new() { Name = prefix + "anna", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex($"customers\\?id={Regex.Escape(prefix)}anna$"));
        await Assertions.Expect(page.GetByTestId("figure-Orders")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("customer-orders")).ToContainTextAsync("Created");
    }
}
