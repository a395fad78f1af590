using Microsoft.Playwright;
using OrderOrleans.Testing;

namespace OrderOrleans.Dashboard.Tests.EndToEnd;

/// <summary>axe-core (pinned in package-lock.json) on every page, in both themes, at desktop and phone width.</summary>
public partial class DashboardTests
{
    private static readonly Lazy<string> s_axe = new(() => File.ReadAllText(Repository.NodeTool("axe-core/axe.min.js", "axe-core")));

    private static readonly (string Name, int Width, int Height)[] s_sizes = [("desktop", 1400, 900), ("phone", 390, 844)];

    [Theory]
    [InlineData("", "orders")]
    [InlineData("orders/new", "create-order")]
    [InlineData("orders/{order}", "order-detail")]
    [InlineData("customers?id={customer}", "customers")]
    [InlineData("products", "products")]
    [InlineData("analytics", "analytics")]
    [InlineData("events", "live-events")]
    [InlineData("projections", "projections")]
    [InlineData("login", "sign-in")]
    public async Task Every_page_has_no_serious_accessibility_violation_in_either_theme_at_desktop_and_phone_width(string path, string name)
    {
        var (customer, orderId) = (TestNames.OrderId("a11y"), TestNames.OrderId("a11y-order"));
        (await fixture.Api.PostAsync("/api/orders", Json($$"""{"orderId":"{{orderId}}","customerId":"{{customer}}","shippingAddress":{"line1":"1 Main St","city":"Springfield","country":"US"},"items":[{"productId":"A","quantity":2,"unitPrice":7}]}"""))).EnsureSuccessStatusCode();
        (await fixture.Api.PostAsync($"/api/orders/{orderId}/place", null)).EnsureSuccessStatusCode();
        await Eventually.Until(() => fixture.Api.GetStringAsync($"/api/orders?customerId={customer}&status=Placed"), body => body.Contains(orderId, StringComparison.Ordinal));
        path = path.Replace("{order}", orderId, StringComparison.Ordinal).Replace("{customer}", customer, StringComparison.Ordinal);

        var problems = new List<string>();
        foreach (var theme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            // One page per theme, checked at each width in turn (the layout follows a resize as it does on a device).
            var page = path == "login" ? await fixture.Anonymous(theme) : await fixture.Open(path, theme);
            if (path == "login")
            {
                await page.GotoAsync(fixture.Dashboard.Url + "login");
            }
            foreach (var (size, width, height) in s_sizes)
            {
                await page.SetViewportSizeAsync(width, height);
                await Assertions.Expect(page.Locator("h1")).Not.ToBeEmptyAsync();
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, $"{name}-{theme.ToString().ToLowerInvariant()}-{width}.png"), FullPage = true });
                problems.AddRange((await SeriousViolations(page)).Select(v => $"{theme} {size}: {v}"));
                // Nothing makes the page scroll sideways (WCAG 1.4.10): named by the elements that stick out.
                (await page.EvaluateAsync<string[]>(WiderThanThePage)).ShouldBeEmpty($"{theme} {size}");
            }
            await page.Context.CloseAsync();
        }
        problems.ShouldBeEmpty();
    }

    private const string WiderThanThePage = """
        () => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
            .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)} px)`);
        }
        """;

    /// <summary>axe's WCAG 2.x A/AA rules; each serious or critical violation as rule, help and the first offending nodes.</summary>
    private static async Task<IReadOnlyList<string>> SeriousViolations(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = s_axe.Value });
        return await page.EvaluateAsync<string[]>("""
            async () => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ')).join(' | ')}`);
            }
            """);
    }
}
