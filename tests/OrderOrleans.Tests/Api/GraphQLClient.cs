using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OrderOrleans.Tests.Api;

/// <summary>Sends GraphQL requests as an integrator's client would: POST /graphql with query and variables.</summary>
public static class GraphQLClient
{
    public static async Task<JsonObject> GraphQL(this HttpClient http, string query, object? variables = null)
    {
        var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The answer's data, asserting there were no errors.</summary>
    public static async Task<JsonNode> Data(this HttpClient http, string query, object? variables = null)
    {
        var answer = await http.GraphQL(query, variables);
        answer["errors"].ShouldBeNull(answer.ToJsonString());
        return answer["data"]!;
    }

    /// <summary>The single error of the answer: its extensions.code and path.</summary>
    public static async Task<(string Code, string? Path, JsonNode Error)> Error(this HttpClient http, string query, object? variables = null)
    {
        var answer = await http.GraphQL(query, variables);
        var error = answer["errors"]!.AsArray().ShouldHaveSingleItem()!;
        return (error["extensions"]?["code"]?.GetValue<string>() ?? "(no code)", error["path"]?.AsArray().Select(p => p!.ToString()).Aggregate((a, b) => $"{a}.{b}"), error);
    }

    /// <summary>A JSON answer without its null members: REST leaves them out, GraphQL answers them as null.</summary>
    public static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (value is not null)
                    {
                        copy[key] = WithoutNulls(value);
                    }
                }
                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(WithoutNulls)]);
            default:
                return node?.DeepClone();
        }
    }
}
