using Microsoft.Playwright;

namespace OrderOrleans.Dashboard.Tests.EndToEnd;

/// <summary>A dashboard form field by its test id, whether the id sits on the input or on the MudBlazor component around it.</summary>
internal static class Fields
{
    public static ILocator Input(IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input, textarea[data-testid='{testId}'], [data-testid='{testId}'] textarea").First;

    /// <summary>Types the value and leaves the field, as a user does (fields apply their value on change).</summary>
    public static async Task Fill(IPage page, string testId, string value)
    {
        var input = Input(page, testId);
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }
}
