using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrderOrleans.Testing;

namespace OrderOrleans.Dashboard.Tests.EndToEnd;

/// <summary>An order's whole journey with the keyboard alone: no click anywhere.</summary>
public partial class DashboardTests
{
    /// <summary>Moves focus to a field and types into it, as Tab would (the field's place in the tab order is not under test).</summary>
    private static async Task TypeInto(IPage page, string testId, string text)
    {
        var input = Input(page, testId);
        await input.FocusAsync();
        await page.Keyboard.PressAsync("ControlOrMeta+A");
        await page.Keyboard.TypeAsync(text);
    }

    /// <summary>
    /// After a navigation the new page shows its prerendered content (its order, its buttons) before it turns interactive
    /// and its interactive render replaces it, taking the focus of a button focused meanwhile with it: wait for the
    /// page's interactive marker (the old page's went with the old content) before using the keyboard.
    /// </summary>
    private static async Task Arrived(IPage page) =>
        await page.WaitForSelectorAsync("[data-testid=interactive]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

    private static async Task PressOn(IPage page, string testId)
    {
        await page.GetByTestId(testId).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
    }

    [Fact]
    public async Task An_order_is_created_placed_paid_and_cancelled_by_keyboard_alone()
    {
        var page = await fixture.Open("/orders/new");
        await TypeInto(page, "customer-id", TestNames.OrderId("keys"));
        await TypeInto(page, "line-product", "SKU-K");
        await TypeInto(page, "line-quantity", "2");
        await TypeInto(page, "line-price", "4.50");
        await page.Keyboard.PressAsync("Tab");
        await PressOn(page, "create");
        await page.WaitForURLAsync(new Regex("/orders/ord-"));
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Created");
        await Arrived(page);

        await PressOn(page, "command-Place");
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Placed");
        await Assertions.Expect(page.GetByTestId("order-status")).ToBeFocusedAsync();

        // The payment dialog opens with focus in its amount (the order's total, prefilled); Tab to the button, Enter.
        await PressOn(page, "command-Pay");
        await Assertions.Expect(Input(page, "amount")).ToBeFocusedAsync();
        await Assertions.Expect(Input(page, "amount")).ToHaveValueAsync("9.00");
        await page.GetByRole(AriaRole.Dialog).GetByTestId("submit").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Paid");

        await PressOn(page, "command-Cancel");
        await Assertions.Expect(Input(page, "reason")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("changed my mind");
        // Leaving the field validates it, which enables the button.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog).GetByTestId("submit")).ToBeEnabledAsync();
        await page.GetByRole(AriaRole.Dialog).GetByTestId("submit").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Cancelled");
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("Cancelled: changed my mind");
        (await page.EvaluateAsync<bool>("() => document.activeElement !== document.body")).ShouldBeTrue();
    }
}
