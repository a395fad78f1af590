using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrderOrleans.Silo.Endpoints;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.OpenApi;

/// <summary>What each operation adds to the document beyond its route: its scope, headers, problem codes and examples.</summary>
public static class OperationContract
{
    public const string CommandsTag = "Order commands";

    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string>
    {
        [CommandsTag] = "Change an order. Each command answers the order view with its version as ETag; send Idempotency-Key to retry safely and If-Match to act only on the version you saw.",
        ["Order queries"] = "Read one order (strongly consistent, from its grain), its events, or lists of orders (from the order-list view, eventually consistent).",
        ["Order history"] = "An order as it was at a version or a time, and what-if replays of commands against its past.",
        ["Customers"] = "A customer's figures from the customers view: order counts by status and lifetime value per currency.",
        ["Products"] = "Units and revenue per product from the products view.",
        ["Analytics"] = "Orders and revenue by status and by day from the analytics view.",
        ["Projections"] = "The read models' state, lag and dead letters; rebuilds, retries and verification against the event log.",
        ["Live feed"] = "Confirmed events as Server-Sent Events, as the projections apply them.",
        ["Cluster"] = "The Orleans silos of the cluster and their status.",
    };

    /// <summary>Problem codes by status that any operation answering that status may give.</summary>
    private static readonly Dictionary<string, string> s_problems = new(StringComparer.Ordinal)
    {
        ["400"] = "`request.invalid` (`errors` names each field), `request.malformed-json`, `request.body-required`.",
        ["401"] = "`auth.key-required`: no X-Api-Key, or one that is not configured.",
        ["403"] = "`auth.scope-missing`: the key lacks the scope this operation needs.",
        ["413"] = "`request.too-large`: the body is over 64 KiB.",
        ["429"] = "`rate-limit.exceeded`: this key's requests per second are used up; retry after Retry-After seconds.",
        ["503"] = "`storage.unavailable` or `delivery.backlog-full`: nothing was applied; retry after Retry-After seconds (commands with the same Idempotency-Key).",
    };

    /// <summary>Problem codes of the commands, which decide against an order's state and rules.</summary>
    private static readonly Dictionary<string, string> s_commandProblems = new(StringComparer.Ordinal)
    {
        ["404"] = "`order.not-found`.",
        ["409"] = "The order's status does not allow the command (`order.not-created`, `order.not-placed`, `order.not-paid`, " +
            "`order.not-shipped`, `order.not-cancellable`, `order.items-locked`, `order.already-exists`), or `order.version-conflict` " +
            "when another command changed it at the same moment (retry). The problem holds the order's `currentVersion`.",
        ["412"] = "`order.version-stale`: the order is no longer at the If-Match version; the problem holds `currentVersion`.",
        ["422"] = "A business rule refused the command: `order.no-items`, `payment.insufficient`, `item.not-in-order`, `item.price-mismatch`, " +
            "`order.too-many-items`, `order.too-many-lines`, `order.too-many-events`, or `idempotency.key-reused` (the key was used for another command).",
    };

    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var scope = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
        var isCommand = operation.Tags?.Any(t => t.Name == CommandsTag) == true;
        operation.Description = string.Join(" ", new[]
        {
            operation.Description,
            scope is null ? null : scope == SecurityHosting.AdminPolicy ? "Scope: `admin`." : $"Scope: `{scope}` (or `admin`).",
        }.Where(s => !string.IsNullOrEmpty(s)));

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse described)
            {
                continue;
            }
            if (((isCommand ? s_commandProblems.GetValueOrDefault(status) : null) ?? s_problems.GetValueOrDefault(status)) is { } codes)
            {
                described.Description = string.IsNullOrEmpty(described.Description) ? $"Problem codes: {codes}" : $"{described.Description}. Problem codes: {codes}";
            }
            if (status is "429" or "503")
            {
                AddHeader(described, "Retry-After", "Seconds to wait before retrying.", JsonSchemaType.Integer);
            }
        }
        if (isCommand)
        {
            DescribeCommand(operation, context);
        }
        return Task.CompletedTask;
    }

    private static void DescribeCommand(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(Header(CommandRequestContext.IdempotencyKeyHeader,
            "Your key for this command, scoped to your API key: the same key and command again answer the first response (Idempotent-Replayed: true) and append nothing."));
        if (operation.OperationId != "CreateOrder")
        {
            operation.Parameters.Add(Header("If-Match", "\"<version>\": apply only if the order is still at this version (else 412 order.version-stale)."));
        }
        operation.Parameters.Add(Header(CommandRequestContext.CorrelationIdHeader, "Carried into the events' metadata and echoed in the response; generated when absent."));

        var examples = context.ApplicationServices.GetRequiredService<CommandExamples>();
        examples.ByOperation.TryGetValue(operation.OperationId ?? "", out var example);
        if (example.Request is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var request) == true && request is OpenApiMediaType requestType)
        {
            requestType.Example = example.Request.DeepClone();
        }
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status is "200" or "201" && response is OpenApiResponse success)
            {
                AddHeader(success, "ETag", "The order's version as a strong ETag, e.g. \"5\": send it as If-Match.", JsonSchemaType.String);
                AddHeader(success, CommandRequestContext.CorrelationIdHeader, "The correlation id the events carry.", JsonSchemaType.String);
                AddHeader(success, CommandRequestContext.ReplayedHeader, "true when this is the stored answer to a repeated Idempotency-Key.", JsonSchemaType.String);
                if (example.Response is not null && success.Content?.TryGetValue("application/json", out var body) == true && body is OpenApiMediaType bodyType)
                {
                    bodyType.Example = example.Response.DeepClone();
                }
            }
        }
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static void AddHeader(OpenApiResponse response, string name, string description, JsonSchemaType type)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
    }
}
