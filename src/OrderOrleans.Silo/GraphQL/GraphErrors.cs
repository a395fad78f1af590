using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Endpoints;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>
/// Errors as GraphQL answers them: in <c>errors</c>, with the field's path and <c>extensions.code</c> equal to the REST
/// problem's code (<c>order.not-placed</c>, <c>order.version-stale</c>, ...), and the same details in <c>extensions.data</c>.
/// </summary>
public static class GraphErrors
{
    public static ExecutionError From(OrderError error, string orderId)
    {
        var result = new ExecutionError(error.Message) { Code = error.Code };
        result.Data["orderId"] = orderId;
        if (error.CurrentVersion is { } version)
        {
            result.Data["currentVersion"] = version;
        }
        if (error.Field is { } field)
        {
            result.Data["field"] = field;
        }
        return result;
    }

    /// <summary>Throws <c>request.invalid</c> naming each argument that is wrong, as REST's 400 names each field.</summary>
    public static void ThrowIfAny(RequestErrors errors)
    {
        if (errors.Any)
        {
            var fields = errors.ToDictionary();
            var error = new ExecutionError(string.Join(" ", fields.SelectMany(f => f.Value))) { Code = ErrorCodes.RequestInvalid };
            error.Data["errors"] = fields;
            throw error;
        }
    }

    public static ExecutionError NotFound(string code, string message) => new(message) { Code = code };

    /// <summary>
    /// Runs every root field of <paramref name="root"/> only for a key with <paramref name="scope"/> (or <c>admin</c>):
    /// queries need <c>orders:read</c> and mutations <c>orders:write</c>, as the REST routes do.
    /// </summary>
    public static void RequireScope(IComplexGraphType root, string scope)
    {
        foreach (var field in root.Fields)
        {
            var inner = field.Resolver!;
            field.Resolver = new FuncFieldResolver<object>(context =>
            {
                Require(context, scope);
                return inner.ResolveAsync(context);
            });
        }
    }

    public static void Require(IResolveFieldContext context, string scope)
    {
        var http = ((GraphContext)context.UserContext).Http;
        if (scope == ApiScopes.Write && HttpMethods.IsGet(http.Request.Method))
        {
            throw new ExecutionError("Mutations are sent with POST; GET carries queries only.") { Code = ErrorCodes.RequestMethodNotAllowed };
        }
        var user = http.User;
        if (!user.HasClaim(ApiScopes.ClaimType, scope) && !user.HasClaim(ApiScopes.ClaimType, ApiScopes.Admin))
        {
            throw new ExecutionError($"This API key lacks the scope {scope} that this field needs.") { Code = ErrorCodes.AuthScopeMissing };
        }
    }
}

/// <summary>What resolvers need of the request: the caller and its headers (correlation id), and how it came.</summary>
public sealed class GraphContext(HttpContext http, bool overSocket) : Dictionary<string, object?>
{
    public HttpContext Http { get; } = http;

    /// <summary>Sent over a GraphQL WebSocket, the only way subscriptions are served.</summary>
    public bool OverSocket { get; } = overSocket;

    public string Caller => Http.User.Identity?.Name ?? "anonymous";

    /// <summary>The HTTP status of a request refused before it ran (too costly, a subscription over HTTP, over the rate limit).</summary>
    public int? RefusedWith { get; private set; }

    public ExecutionResult Refuse(int status, string code, string message)
    {
        RefusedWith = status;
        return new ExecutionResult { Errors = [new ExecutionError(message) { Code = code }] };
    }
}
