using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>Drives orders through the HTTP API, asserting each step succeeds.</summary>
public static class OrderSteps
{
    public static async Task Create(this HttpClient http, string orderId, string customerId, decimal unitPrice, int quantity = 1)
    {
        var price = unitPrice.ToString(CultureInfo.InvariantCulture);
        var body = $$"""{"orderId":"{{orderId}}","customerId":"{{customerId}}","items":[{"productId":"SKU-1","quantity":{{quantity}},"unitPrice":{{price}}}]}""";
        (await http.PostRaw("/api/orders", body)).EnsureSuccessStatusCode();
    }

    public static async Task Place(this HttpClient http, string orderId) =>
        (await http.PostRaw($"/api/orders/{orderId}/place", "{}")).EnsureSuccessStatusCode();

    public static async Task Pay(this HttpClient http, string orderId, decimal amount) =>
        (await http.PostRaw($"/api/orders/{orderId}/payments", $$"""{"amount":{{amount.ToString(CultureInfo.InvariantCulture)}}}""")).EnsureSuccessStatusCode();

    public static async Task Cancel(this HttpClient http, string orderId) =>
        (await http.PostRaw($"/api/orders/{orderId}/cancel", """{"reason":"test"}""")).EnsureSuccessStatusCode();

    public static async Task<JsonObject> GetJson(this HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return await response.Json();
    }

    /// <summary>The list page for a query, once the projection has caught up so far that <paramref name="done"/> holds.</summary>
    public static Task<JsonObject> ListOnceProjected(this HttpClient http, string query, Func<JsonObject, bool> done) =>
        Eventually.Until(() => http.GetJson($"/api/orders?{query}"), done, TimeSpan.FromSeconds(5));

    /// <summary>
    /// The customer's figures once the customer view shows <paramref name="done"/>; the view answers 404 until it has
    /// projected the customer's first order, which it does on its own after the order list.
    /// </summary>
    public static async Task<JsonObject> CustomerOnceProjected(this HttpClient http, string customerId, Func<JsonObject, bool> done)
    {
        var found = await Eventually.Until(async () =>
        {
            var response = await http.GetAsync($"/api/customers/{customerId}");
            return response.StatusCode == HttpStatusCode.NotFound ? null : await response.EnsureSuccessStatusCode().Json();
        }, c => c is not null && done(c));
        return found!;
    }

    public static string[] Statuses(this JsonObject page) =>
        [.. page["items"]!.AsArray().Select(i => i!["status"]!.GetValue<string>())];
}
