using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Validation.Rules.Custom;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Endpoints;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>
/// <c>POST /graphql</c> (and <c>GET</c> for queries): a small handler over GraphQL.NET's executer, behind the same API
/// keys, scopes, rate limit and body limit as REST. Queries need <c>orders:read</c>, mutations <c>orders:write</c>.
/// </summary>
public static class GraphQLHosting
{
    public const string Path = "/graphql";

    /// <summary>Deepest selection a query may nest (the schema's own needs 5: customer, recentOrders, a field).</summary>
    public const int MaxDepth = 10;

    /// <summary>Fields a query may ask for, counting a list by its page size: a full page of orders costs about 1,500.</summary>
    public const int MaxComplexity = 5_000;

    public static WebApplicationBuilder AddOrderOrleansGraphQL(this WebApplicationBuilder builder)
    {
        var introspection = IntrospectionEnabled(builder.Configuration, builder.Environment);
        builder.Services.AddGraphQL(b =>
        {
            b.AddSchema<OrderSchema>()
            .AddGraphTypes(typeof(OrderSchema).Assembly)
            .AddSystemTextJson(o => o.AllowDuplicateProperties = false)
            .ConfigureExecution<DocumentCache>()
            .AddComplexityAnalyzer(c =>
            {
                c.MaxDepth = MaxDepth;
                c.MaxComplexity = MaxComplexity;
            })
            .AddUnhandledExceptionHandler(ToExecutionError)
            .AddErrorInfoProvider(o =>
            {
                o.ExposeCodes = false;
                o.ExposeData = true;
            });
            if (!introspection)
            {
                b.AddValidationRule(NoIntrospectionValidationRule.Instance);
            }
        });
        return builder;
    }

    /// <summary>What escapes a resolver answers the REST code for it: storage.unavailable for an outage, server.error (logged) otherwise.</summary>
    private static void ToExecutionError(UnhandledExceptionContext context)
    {
        var (status, _, detail, code) = ApiExceptionHandler.Classify(context.OriginalException);
        if (status >= StatusCodes.Status500InternalServerError && status != StatusCodes.Status503ServiceUnavailable)
        {
            var http = ((GraphContext)context.ExecutionOptions.UserContext).Http;
            ApiExceptionHandler.LogFailure(http.RequestServices.GetRequiredService<ILogger<ApiExceptionHandler>>(), http.Request.Method, Path, context.OriginalException);
        }
        context.Exception = new ExecutionError(detail) { Code = code };
    }

    /// <summary>Introspection (and the explorer) lets tools explore the schema; outside Development it only tells strangers what to try.</summary>
    private static bool IntrospectionEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue("GraphQL:Introspection", environment.IsDevelopment());

    public static IEndpointRouteBuilder MapOrderGraphQL(this IEndpointRouteBuilder app)
    {
        // Any valid key gets in; each root field then checks its scope (a write-only key may still run mutations).
        var graphql = app.MapGroup(Path).RequireAuthorization().RequireRateLimiting(SecurityHosting.PerKeyLimit)
            .ExcludeFromDescription();
        graphql.MapPost("", Post);
        graphql.MapGet("", Get);
        if (IntrospectionEnabled(app.ServiceProvider.GetRequiredService<IConfiguration>(), app.ServiceProvider.GetRequiredService<IHostEnvironment>()))
        {
            // The page itself holds nothing secret; its requests carry the key the user types.
            app.MapGet(GraphQLExplorer.Path, () => Results.Content(GraphQLExplorer.Page, "text/html; charset=utf-8")).ExcludeFromDescription();
        }
        return app;
    }

    private static async Task Post(HttpContext http, IGraphQLTextSerializer serializer)
    {
        GraphQLRequest? request;
        try
        {
            request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException)
        {
            await Refuse(http, serializer, ErrorCodes.RequestMalformedJson, $"The body is not a GraphQL request in JSON: {ex.Message}");
            return;
        }
        await Execute(http, serializer, request);
    }

    private static async Task Get(HttpContext http, IGraphQLTextSerializer serializer, string? query, string? variables, string? operationName)
    {
        if (http.WebSockets.IsWebSocketRequest)
        {
            if (!http.WebSockets.WebSocketRequestedProtocols.Contains(GraphQLWebSocket.Protocol))
            {
                await Refuse(http, serializer, ErrorCodes.RequestInvalid, $"WebSocket clients must ask for the {GraphQLWebSocket.Protocol} subprotocol.");
                return;
            }
            using var socket = await http.WebSockets.AcceptWebSocketAsync(GraphQLWebSocket.Protocol);
            using var graphSocket = new GraphQLWebSocket(http, socket, serializer);
            await graphSocket.RunAsync();
            return;
        }
        Inputs? inputs = null;
        if (variables is not null)
        {
            try
            {
                inputs = serializer.Deserialize<Inputs>(variables);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException)
            {
                await Refuse(http, serializer, ErrorCodes.RequestMalformedJson, $"variables is not a JSON object: {ex.Message}");
                return;
            }
        }
        await Execute(http, serializer, new GraphQLRequest { Query = query, Variables = inputs, OperationName = operationName });
    }

    private static async Task Execute(HttpContext http, IGraphQLTextSerializer serializer, GraphQLRequest? request)
    {
        if (string.IsNullOrWhiteSpace(request?.Query))
        {
            await Refuse(http, serializer, ErrorCodes.RequestInvalid, "query is required.");
            return;
        }
        var context = new GraphContext(http, overSocket: false);
        var result = await ExecuteAsync(context, request);
        if (context.RefusedWith is { } status)
        {
            http.Response.StatusCode = status;
            if (status == StatusCodes.Status429TooManyRequests)
            {
                http.Response.Headers.RetryAfter = "1";
            }
        }
        http.Response.ContentType = "application/json; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    /// <summary>Runs a request for the caller of the context's request, over HTTP or a WebSocket alike.</summary>
    public static Task<ExecutionResult> ExecuteAsync(GraphContext context, GraphQLRequest request) =>
        context.Http.RequestServices.GetRequiredService<IDocumentExecuter<OrderSchema>>().ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            Variables = request.Variables,
            OperationName = request.OperationName,
            Extensions = request.Extensions,
            RequestServices = context.Http.RequestServices,
            User = context.Http.User,
            UserContext = context,
            CancellationToken = context.Http.RequestAborted,
        });

    /// <summary>A request that is not GraphQL at all: 400 with one error in GraphQL's shape.</summary>
    private static async Task Refuse(HttpContext http, IGraphQLTextSerializer serializer, string code, string message)
    {
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.ContentType = "application/json; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, new ExecutionResult { Errors = [new ExecutionError(message) { Code = code }] }, http.RequestAborted);
    }
}
