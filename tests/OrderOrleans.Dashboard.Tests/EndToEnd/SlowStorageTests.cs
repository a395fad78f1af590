using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OrderOrleans.Testing;

namespace OrderOrleans.Dashboard.Tests.EndToEnd;

/// <summary>Storage stops answering while a user sends a command: the page says what it knows, and then the outcome.</summary>
public sealed class SlowStorageTests(OwnStorageDashboardFixture fixture) : IClassFixture<OwnStorageDashboardFixture>
{
    [Fact]
    public async Task A_command_that_timed_out_shows_progress_then_may_still_complete_then_its_outcome_applied_once()
    {
        var orderId = TestNames.OrderId("slow");
        (await fixture.Api.PostAsync("/api/orders", new StringContent(
            $$"""{"orderId":"{{orderId}}","customerId":"C","items":[{"productId":"A","quantity":1,"unitPrice":3}]}""", System.Text.Encoding.UTF8, "application/json")))
            .EnsureSuccessStatusCode();
        var page = await fixture.Open($"/orders/{orderId}");
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Created");

        fixture.Azurite.Stop();
        // While the order waits for storage: a progress bar with a name, the buttons disabled; then an honest answer.
        // Watched from before the click: when storage refuses at once rather than hanging, that wait is short.
        var progress = page.GetByRole(AriaRole.Progressbar, new() { Name = "Sending the command" }).WaitForAsync(new() { State = WaitForSelectorState.Visible });
        var disabled = page.WaitForSelectorAsync("[data-testid=command-Place][disabled]", new() { State = WaitForSelectorState.Attached });
        await page.GetByTestId("command-Place").ClickAsync();
        await progress;
        await disabled;
        var pending = page.GetByTestId("command-pending");
        await Assertions.Expect(pending).ToContainTextAsync("may still complete", new() { Timeout = 30_000 });
        await Assertions.Expect(pending).ToContainTextAsync("Place order");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "command-pending.png"), FullPage = true });

        await fixture.Azurite.RestartAsync();

        // Checking either finds the command landed late, or says it did not and offers to send the same command again
        // (its id unchanged, so it is applied at most once). Storage may take a moment to answer the check itself.
        await Eventually.Until(async () =>
        {
            if (await pending.CountAsync() == 0)
            {
                return "";
            }
            // Either button may be disabled while a check or a send is under way, or go when the outcome lands.
            var next = await page.GetByTestId("command-send-again").CountAsync() > 0 ? page.GetByTestId("command-send-again") : page.GetByTestId("command-check");
            try
            {
                if (await next.IsEnabledAsync(new() { Timeout = 1000 }))
                {
                    await next.ClickAsync(new() { Timeout = 1000 });
                }
            }
            catch (TimeoutException)
            {
                // Gone or disabled since: the next round looks again.
            }
            return await page.Locator("main").InnerTextAsync();
        }, text => text == "", TimeSpan.FromSeconds(60));

        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Placed");
        var events = JsonNode.Parse(await fixture.Api.GetStringAsync($"/api/orders/{orderId}/events"))!.AsArray();
        events.Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["OrderCreated", "ItemAdded", "OrderPlaced"]);
    }

    [Fact]
    public async Task An_order_created_while_storage_is_away_may_still_complete_and_checking_or_sending_again_creates_it_once()
    {
        var customer = TestNames.OrderId("slow-create");
        var page = await fixture.Open("/orders/new");
        await Fill(page, "customer-id", customer);
        await Fill(page, "line-product", "SKU-S");
        await Fill(page, "line-price", "5");

        fixture.Azurite.Stop();
        await page.GetByTestId("create").ClickAsync();

        // The order id was left blank: the one generated for this attempt is kept, so what follows reaches the same order.
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Sending the command" })).ToBeVisibleAsync();
        var pending = page.GetByTestId("command-pending");
        await Assertions.Expect(pending).ToContainTextAsync("may still complete", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("create")).ToBeDisabledAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "create-pending.png"), FullPage = true });

        await fixture.Azurite.RestartAsync();

        await Eventually.Until(async () =>
        {
            if (page.Url.Contains("/orders/ord-", StringComparison.Ordinal))
            {
                return page.Url;
            }
            var next = await page.GetByTestId("command-send-again").CountAsync() > 0 ? page.GetByTestId("command-send-again") : page.GetByTestId("command-check");
            try
            {
                if (await next.IsEnabledAsync(new() { Timeout = 1000 }))
                {
                    await next.ClickAsync(new() { Timeout = 1000 });
                }
            }
            catch (TimeoutException)
            {
                // Gone or disabled since (a check or send under way, or the page moved on): the next round looks again.
            }
            return page.Url;
        }, url => url.Contains("/orders/ord-", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Created");

        // Exactly one order of this customer in the log, however many times the command went out.
        var events = new Azure.Data.Tables.TableServiceClient(fixture.Azurite.ConnectionString).GetTableClient(fixture.Silo.TablePrefix + "OrderEvents");
        var created = new List<string>();
        await foreach (var row in events.QueryAsync<Azure.Data.Tables.TableEntity>(Azure.Data.Tables.TableClient.CreateQueryFilter($"Type eq {"OrderCreated"}")))
        {
            if (row.GetString("Data").Contains(customer, StringComparison.Ordinal))
            {
                created.Add(row.PartitionKey);
            }
        }
        created.Count.ShouldBe(1);
        page.Url.ShouldEndWith($"/orders/{created[0]}");
    }
}
