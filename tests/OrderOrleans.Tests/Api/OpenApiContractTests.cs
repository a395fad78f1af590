using System.Diagnostics;
using System.Text.Json.Nodes;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>
/// The served OpenAPI document is the integration contract: the committed copy (from which the .NET client is generated)
/// must equal it, and a standard linter's recommended rules must find no error in it.
/// </summary>
public class OpenApiContractTests(SharedSilo silo) : IClassFixture<SharedSilo>
{
    private static string Committed => Path.Combine(Repository.Root, "openapi", "v1.json");

    [Fact]
    public async Task The_committed_document_is_the_served_one()
    {
        var served = await Served();

        // After a deliberate change to the API: UPDATE_OPENAPI=1 dotnet test --filter OpenApiContractTests
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(Committed, served);
        }
        var committed = await File.ReadAllTextAsync(Committed);
        JsonNode.DeepEquals(JsonNode.Parse(committed), JsonNode.Parse(served)).ShouldBeTrue(
            "openapi/v1.json differs from the served document: run `UPDATE_OPENAPI=1 dotnet test tests/OrderOrleans.Tests --filter OpenApiContractTests` and commit it.");
    }

    [Fact]
    public async Task The_linter_finds_no_error_in_the_served_document()
    {
        var file = Path.Combine(Path.GetTempPath(), $"order-orleans-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await Served());
        try
        {
            var (exitCode, output) = await Lint(file);

            exitCode.ShouldBe(0, output);
            output.ShouldContain("Your API description is valid.", customMessage: output);
            // The warnings the README lists, and no others: a localhost server (the run command's; OpenApi:ServerUrl names a
            // deployment's) and a license without an SPDX identifier (it is proprietary).
            var warnings = output.Split('\n').Where(l => l.StartsWith("warning ", StringComparison.Ordinal)).Select(l => l.Split(' ', 3)[1].TrimEnd(':'));
            warnings.ShouldBe(["info-license-strict", "no-server-example.com"], ignoreOrder: true, customMessage: output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Each_command_example_is_what_the_silo_answers()
    {
        var document = JsonNode.Parse(await Served())!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Method: o.Key, Operation: o.Value!)))
            .ToDictionary(o => o.Operation["operationId"]!.GetValue<string>());
        var create = operations["CreateOrder"];
        var secondCreate = Example(create.Operation, "requestBody")!.AsObject();
        secondCreate["orderId"] = "ORDER-002";
        await Send(create, secondCreate, "ORDER-002");

        foreach (var operationId in (string[])["CreateOrder", "AddItem", "RemoveItem", "PlaceOrder", "RecordPayment", "ShipOrder", "DeliverOrder", "CancelOrder"])
        {
            var operation = operations[operationId];
            var expected = Example(operation.Operation, "response") ?? throw new ShouldAssertException($"{operationId} has no response example.");
            var answer = await Send(operation, Example(operation.Operation, "requestBody"), operationId == "CancelOrder" ? "ORDER-002" : "ORDER-001");

            JsonNode.DeepEquals(WithoutTimes(answer), WithoutTimes(expected)).ShouldBeTrue($"{operationId}: answered {answer}, example {expected}");
        }
    }

    private static JsonNode? Example(JsonNode operation, string part) => part == "requestBody"
        ? operation["requestBody"]?["content"]?["application/json"]?["example"]?.DeepClone()
        : operation["responses"]!.AsObject().First(r => r.Key.StartsWith('2')).Value!["content"]!["application/json"]!["example"]?.DeepClone();

    private async Task<JsonNode> Send((string Path, string Method, JsonNode Operation) operation, JsonNode? body, string orderId)
    {
        var path = operation.Path.Replace("{orderId}", orderId, StringComparison.Ordinal).Replace("{productId}", "SKU-2", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }
        var response = await silo.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{operation.Method} {path}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The answer without its timestamps, which are the moment the silo applied the command.</summary>
    private static JsonNode WithoutTimes(JsonNode node)
    {
        var copy = node.DeepClone();
        foreach (var obj in (JsonObject?[])[copy.AsObject(), copy["shipment"] as JsonObject, copy["delivery"] as JsonObject])
        {
            foreach (var key in obj?.Select(p => p.Key).Where(k => k.EndsWith("At", StringComparison.Ordinal)).ToList() ?? [])
            {
                obj!.Remove(key);
            }
        }
        return copy;
    }

    private async Task<string> Served()
    {
        var response = await silo.Client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.ToJsonString(new() { WriteIndented = true }) + "\n";
    }

    /// <summary>Redocly's CLI with the repository's redocly.yaml (its recommended rules); exit code 1 on any error.</summary>
    private static async Task<(int ExitCode, string Output)> Lint(string file)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["NO_COLOR"] = "1" },
        };
        foreach (var arg in (string[])[Repository.NodeTool("@redocly/cli/bin/cli.js", "Redocly CLI"), "lint", file, "--config", "redocly.yaml", "--format", "summary"])
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
