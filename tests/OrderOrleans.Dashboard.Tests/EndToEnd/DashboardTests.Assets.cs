using Microsoft.Playwright;

namespace OrderOrleans.Dashboard.Tests.EndToEnd;

/// <summary>What the Orders page costs over the wire: compressed on the first load, revalidated (not re-sent) on a reload.</summary>
public partial class DashboardTests
{
    [Fact]
    public async Task The_orders_page_loads_under_350_KB_compressed_and_a_reload_does_not_send_its_css_and_js_again()
    {
        // A new browser context: its cache starts cold.
        var page = await fixture.SignedInPage();
        var coldLoad = await Transfers(page, () => page.GotoAsync(fixture.Dashboard.Url));
        var reload = await Transfers(page, () => page.ReloadAsync());

        var coldTotal = coldLoad.Sum(t => t.Bytes);
        output.WriteLine($"First load: {coldLoad.Count} responses, {coldTotal / 1024.0:N0} KiB; reload: {reload.Sum(t => t.Bytes) / 1024.0:N0} KiB");
        foreach (var t in coldLoad.OrderByDescending(t => t.Bytes).Take(6))
        {
            output.WriteLine($"  {t.Bytes,8:N0} B  {t.Status}  {t.Encoding,-5} {t.Url}");
        }
        coldTotal.ShouldBeLessThan(350 * 1024);
        // The stylesheets and scripts are compressed on the wire.
        coldLoad.Where(t => t.IsAsset && t.Bytes > 10_000).ShouldAllBe(t => t.Encoding == "gzip" || t.Encoding == "br");
        // On a reload each is either served from the browser's cache (immutable, fingerprinted) or revalidated: 304, no body.
        reload.Where(t => t.IsAsset).ShouldAllBe(t => t.Status == 304 || t.Bytes == 0, string.Join("; ", reload.Where(t => t.IsAsset).Select(t => $"{t.Url} {t.Status} {t.Bytes}")));
    }

    [Fact]
    public async Task Pages_name_an_icon_that_answers_so_no_page_asks_for_a_missing_one()
    {
        // A page of the app, and the sign-in page before anyone has signed in.
        foreach (var (page, url) in new[] { (await fixture.SignedInPage(), fixture.Dashboard.Url), (await fixture.Anonymous(), fixture.Dashboard.Url + "login") })
        {
            await page.GotoAsync(url);
            var href = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
            href.ShouldNotBeNull(url);
            var icon = await page.APIRequest.GetAsync(new Uri(new Uri(page.Url), href).ToString());
            icon.Status.ShouldBe(200, url);
            icon.Headers["content-type"].ShouldStartWith("image/svg+xml");
        }
    }

    private sealed record Transfer(string Url, int Status, string? Encoding, long Bytes)
    {
        public bool IsAsset => Url.Contains(".css", StringComparison.Ordinal) || Url.Contains(".js", StringComparison.Ordinal);
    }

    /// <summary>Every HTTP response of a navigation, with the bytes it put on the wire (headers and encoded body).</summary>
    private static async Task<List<Transfer>> Transfers(IPage page, Func<Task> navigate)
    {
        var responses = new List<IResponse>();
        void Seen(object? _, IResponse r) => responses.Add(r);
        page.Response += Seen;
        await navigate();
        await page.WaitForSelectorAsync("[data-testid=interactive]", new() { State = WaitForSelectorState.Attached });
        page.Response -= Seen;
        var transfers = new List<Transfer>();
        foreach (var response in responses)
        {
            var sizes = await response.Request.SizesAsync();
            var headers = await response.AllHeadersAsync();
            transfers.Add(new Transfer(response.Url, response.Status, headers.GetValueOrDefault("content-encoding"), sizes.ResponseBodySize + sizes.ResponseHeadersSize));
        }
        return transfers;
    }
}
