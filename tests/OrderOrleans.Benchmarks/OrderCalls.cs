using System.Net.Http.Json;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Domain;

namespace OrderOrleans.Benchmarks;

/// <summary>The order commands as an integration sends them over HTTP, and straight to the grains; each throws if refused.</summary>
public static class OrderCalls
{
    private static readonly object s_item = new { productId = "SKU-1", name = "Widget", quantity = 1, unitPrice = 5m };
    private static readonly object s_payment = new { amount = 5m, method = "card" };

    /// <summary>Step 0 creates, 1 adds an item, 2 places: the order flow the throughput figures count.</summary>
    public static Task<int> HttpOrderStep(HttpClient http, string orderId, int step) => step switch
    {
        0 => Send(http, "/api/orders", new { orderId, customerId = $"c-{orderId}" }),
        1 => Send(http, $"/api/orders/{orderId}/items", s_item),
        _ => Send(http, $"/api/orders/{orderId}/place", null),
    };

    /// <summary>
    /// Step 0 creates with one item (for <paramref name="customerId"/>, with <paramref name="address"/>), 1 places, 2 pays:
    /// the mix the projection-lag, query and personal-data figures use.
    /// </summary>
    public static Task<int> HttpCheckoutStep(HttpClient http, string orderId, int step, string? customerId = null, object? address = null) => step switch
    {
        0 => Send(http, "/api/orders", new { orderId, customerId = customerId ?? $"c-{orderId}", shippingAddress = address, items = new[] { s_item } }),
        1 => Send(http, $"/api/orders/{orderId}/place", null),
        _ => Send(http, $"/api/orders/{orderId}/payments", s_payment),
    };

    public static async Task GrainStep(IGrainFactory grains, string orderId, int step)
    {
        var context = CommandContext.New();
        OrderCommand command = step switch
        {
            0 => new CreateOrder($"c-{orderId}", "USD", null, []) { Context = context },
            1 => new AddItem(new OrderLine("SKU-1", "Widget", 1, 5m)) { Context = context },
            _ => new PlaceOrder { Context = context },
        };
        var result = await grains.GetGrain<IOrderGrain>(orderId).Execute(command);
        if (result.Error is { } error)
        {
            throw new InvalidOperationException($"Command refused: {error.Code} {error.Message}");
        }
    }

    /// <summary>
    /// Sends a command; returns the order's version from the ETag. A 503 is retried as an integration would: with the
    /// problem's commandId as Idempotency-Key, so the command lands at most once (its latency includes the retries).
    /// </summary>
    private static async Task<int> Send(HttpClient http, string url, object? body)
    {
        string? key = null;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) };
            if (key is not null)
            {
                request.Headers.Add("Idempotency-Key", key);
            }
            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                return int.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
            }
            var problem = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || attempt == 5)
            {
                throw new InvalidOperationException($"POST {url}: {(int)response.StatusCode} {problem}");
            }
            key ??= System.Text.Json.Nodes.JsonNode.Parse(problem)?["commandId"]?.GetValue<string>();
            await Task.Delay(200 * attempt);
        }
    }
}
