using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OrderOrleans.Benchmarks.Sustained;

/// <summary>
/// One of the load's clients: create (with an item), place, pay, over and over, as an integration would send them. A 503
/// is retried after its Retry-After with the problem's commandId as Idempotency-Key, so a command lands at most once.
/// </summary>
public sealed class CheckoutClient(HttpClient http, string run, int number, LoadMinutes minutes)
{
    private static readonly object s_item = new { productId = "SKU-1", name = "Widget", quantity = 1, unitPrice = 5m };
    private static readonly object s_payment = new { amount = 5m, method = "card" };

    public string CustomerId { get; } = $"{run}-c{number}";

    public int Created { get; private set; }

    public int Paid { get; private set; }

    public List<string> PaidOrders { get; } = [];

    public async Task RunAsync(CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var orderId = $"{run}-{number}-{n}";
            if (!await StepAsync(orderId, 0))
            {
                continue;
            }
            Created++;
            if (await StepAsync(orderId, 1) && await StepAsync(orderId, 2))
            {
                Paid++;
                PaidOrders.Add(orderId);
                minutes.OrderCompleted();
            }
        }
    }

    /// <summary>One step of an order (0 create, 1 place, 2 pay), for paced loads; false when refused.</summary>
    public Task<bool> StepAsync(string orderId, int step) => step switch
    {
        0 => Send(orderId, "/api/orders", new { orderId, customerId = CustomerId, items = new[] { s_item } }),
        1 => Send(orderId, $"/api/orders/{orderId}/place", null),
        _ => Send(orderId, $"/api/orders/{orderId}/payments", s_payment),
    };

    private async Task<bool> Send(string orderId, string url, object? body)
    {
        string? key = null;
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) };
            if (key is not null)
            {
                request.Headers.Add("Idempotency-Key", key);
            }
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request);
            }
            catch (HttpRequestException)
            {
                minutes.Failed(retryAfter: false);
                await Task.Delay(500);
                continue;
            }
            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    var version = int.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
                    minutes.Command(orderId, version, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    return true;
                }
                var status = (int)response.StatusCode;
                if (status >= 500)
                {
                    minutes.Failed(retryAfter: status == 503 && response.Headers.RetryAfter is not null);
                }
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    minutes.Throttled();
                }
                else if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    minutes.Refused();
                    return false;
                }
                key ??= JsonNode.Parse(await response.Content.ReadAsStringAsync())?["commandId"]?.GetValue<string>();
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
            }
        }
        return false;
    }
}
