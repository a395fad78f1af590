using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.OpenApi;

/// <summary>
/// The served OpenAPI document (<c>/openapi/v1.json</c>) as the integration contract: who may call what, the headers that
/// make commands safe to retry, the problem codes, and examples. <c>openapi/v1.json</c> is its committed copy, from which
/// the .NET client is generated; a test keeps the two equal and lints the document.
/// </summary>
public static class OpenApiHosting
{
    /// <summary>The server the document names: the run command's silo unless <c>OpenApi:ServerUrl</c> names the deployment.</summary>
    public const string DefaultServerUrl = "http://localhost:5080";

    public static WebApplicationBuilder AddOrderOrleansOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CommandExamples>();
        var serverUrl = builder.Configuration["OpenApi:ServerUrl"] ?? DefaultServerUrl;
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document, serverUrl);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(OperationContract.DescribeAsync);
            o.AddSchemaTransformer((schema, context, _) =>
            {
                OmittedWhenNull(schema, context.JsonTypeInfo);
                var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
                // Amounts are decimals, not binary floating point: generated clients then keep 9.99 exact.
                if (type == typeof(decimal))
                {
                    schema.Format = "decimal";
                }
                // Enums travel as their names (JsonStringEnumConverter); saying so lets clients generate string enums.
                if (type.IsEnum && schema.Enum is { Count: > 0 })
                {
                    schema.Type = JsonSchemaType.String;
                }
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>
    /// Properties that may be null are left out of the JSON when they are (and requests may leave them out): so they are
    /// not required, or a generated client would refuse an order without a shipment.
    /// </summary>
    private static void OmittedWhenNull(OpenApiSchema schema, JsonTypeInfo type)
    {
        if (schema.Required is { Count: > 0 } required)
        {
            foreach (var property in type.Properties.Where(p => p.IsGetNullable))
            {
                required.Remove(property.Name);
            }
        }
    }

    private static void Describe(OpenApiDocument document, string serverUrl)
    {
        document.Info = new OpenApiInfo
        {
            Title = "OrderOrleans API",
            Version = "v1",
            Description = "Orders as event streams: commands append events (optimistic concurrency, idempotent retries), queries read " +
                "eventually consistent views, and history answers how an order was at any version or time. Every call sends an " +
                "API key in X-Api-Key; problems are RFC 9457 problem details with a stable `code`.",
            Contact = new OpenApiContact { Name = "OrderOrleans maintainers" },
            License = new OpenApiLicense { Name = "Proprietary" },
        };
        document.Servers = [new OpenApiServer { Url = serverUrl, Description = "The silo's HTTP endpoint (OpenApi:ServerUrl)." }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.Header,
                Description = "An API key (ApiKeys configuration). Its scopes decide what it may call: orders:write for commands, " +
                    "orders:read for queries, history, the live feed and projection status, admin for everything (rebuilds, " +
                    "dead-letter retries, verify). Each operation's description names the scope it needs.",
            },
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] }];
        document.Tags = new HashSet<OpenApiTag>(OperationContract.Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
    }
}
