using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderOrleans.Tests.Api;

/// <summary>Small HTTP helpers: send JSON as a client would and read bodies as plain JSON, not as our own types.</summary>
public static class ApiClient
{
    public static Task<HttpResponseMessage> Post(this HttpClient http, string url, object? body = null, params (string Name, string Value)[] headers) =>
        http.Send(HttpMethod.Post, url, body is null ? null : JsonContent.Create(body), headers);

    public static Task<HttpResponseMessage> PostRaw(this HttpClient http, string url, string json, params (string Name, string Value)[] headers) =>
        http.Send(HttpMethod.Post, url, new StringContent(json, Encoding.UTF8, "application/json"), headers);

    public static async Task<HttpResponseMessage> Send(
        this HttpClient http, HttpMethod method, string url, HttpContent? content, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await http.SendAsync(request);
    }

    public static async Task<JsonObject> Json(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task<JsonArray> JsonArray(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

    /// <summary>Asserts the status and that the body is an RFC 9457 problem with a stable code; returns it.</summary>
    public static async Task<JsonObject> Problem(this HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(body)!.AsObject();
        problem["status"]!.GetValue<int>().ShouldBe((int)status);
        problem["title"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        if (code is not null)
        {
            problem["code"].ShouldNotBeNull(body).GetValue<string>().ShouldBe(code, body);
        }
        return problem;
    }

    public static string? ETag(this HttpResponseMessage response) => response.Headers.ETag?.ToString();

    public static string[] ErrorFields(this JsonObject problem) =>
        [.. problem["errors"]!.AsObject().Select(p => p.Key)];

    public static T Value<T>(this JsonNode? node) => node.Deserialize<T>()!;
}
