using GraphQL;
using GraphQL.DI;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Caching.Memory;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Security;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>
/// Parsed and validated documents by query text, so a client that sends the same query with new variables (as
/// generated clients do) skips the parse and the validation, which cost more than the grain call. A new document is
/// weighed (<see cref="DocumentLimits"/>) before any validation rule walks it, and every request is admitted or refused
/// before it runs. A document's
/// verdict does not change with its variables, except its complexity when a variable is a number (a page size):
/// such a document is weighed again on every request.
/// </summary>
public sealed class DocumentCache : IConfigureExecution, IDisposable
{
    /// <summary>Characters of query text held; a document's tree is a few times its text, so this bounds about 10 MB.</summary>
    public const long MaxQueryChars = 1_000_000;

    private sealed record Entry(GraphQLDocument Document, bool WeighsVariables);

    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = MaxQueryChars });

    // After the option configurations (100), which add the complexity rule; before execution configurations (200).
    public float SortOrder => 150;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var query = options.Query;
        if (options.Document is not null || query is null || options.UserContext is not GraphContext context)
        {
            return await next(options);
        }
        if (_documents.TryGetValue(query, out Entry? cached))
        {
            options.Document = cached!.Document;
            options.ValidationRules = cached.WeighsVariables ? [.. options.ValidationRules?.OfType<ComplexityValidationRule>() ?? []] : [];
            return Admitted(options, context, cached.Document) ?? await next(options);
        }
        try
        {
            options.Document = Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments });
        }
        catch (GraphQLParserException)
        {
            // The executer parses it again and answers the syntax error in its own words.
            return await next(options);
        }
        if (DocumentLimits.ExpandedFields(options.Document) > DocumentLimits.MaxFields)
        {
            return context.Refuse(StatusCodes.Status400BadRequest, ErrorCodes.RequestTooComplex,
                $"The document holds more than {DocumentLimits.MaxFields} fields once its fragments are expanded.");
        }
        if (Admitted(options, context, options.Document) is { } refused)
        {
            return refused;
        }
        var result = await next(options);
        // Executed means the document parsed and passed every rule; a refused one is parsed again when sent again.
        if (result.Executed && result.Document is { } document)
        {
            _documents.Set(query, new Entry(document, HasNumberVariable(document)), new MemoryCacheEntryOptions { Size = query.Length });
        }
        return result;
    }

    /// <summary>
    /// Null when the operation may run: a subscription only over a WebSocket, at most
    /// <see cref="DocumentLimits.MaxRootFields"/> root fields, each a permit from the key's rate limit (the request itself
    /// paid one over HTTP).
    /// </summary>
    private static ExecutionResult? Admitted(ExecutionOptions options, GraphContext context, GraphQLDocument document)
    {
        if (DocumentLimits.Operation(document, options.OperationName) is not { } operation)
        {
            return null;
        }
        if (operation.Operation == OperationType.Subscription && !context.OverSocket)
        {
            return context.Refuse(StatusCodes.Status400BadRequest, ErrorCodes.RequestInvalid,
                $"Subscriptions are served over a WebSocket ({GraphQLWebSocket.Protocol} at {GraphQLHosting.Path}), not over HTTP.");
        }
        var roots = DocumentLimits.RootFields(document, operation);
        if (roots > DocumentLimits.MaxRootFields)
        {
            return context.Refuse(StatusCodes.Status400BadRequest, ErrorCodes.RequestTooComplex,
                $"An operation may ask for at most {DocumentLimits.MaxRootFields} root fields; this one asks for {roots}.");
        }
        var limits = context.Http.RequestServices.GetRequiredService<KeyRateLimits>();
        return limits.TryTake(context.Caller, context.OverSocket ? roots : roots - 1)
            ? null
            : context.Refuse(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimitExceeded, SecurityHosting.RateLimited(limits));
    }

    private static bool HasNumberVariable(GraphQLDocument document) =>
        document.Definitions.OfType<GraphQLOperationDefinition>()
            .SelectMany(o => o.Variables?.Items ?? [])
            .Any(v => NamedType(v.Type) is "Int" or "Float");

    private static string NamedType(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => NamedType(nonNull.Type),
        GraphQLListType list => NamedType(list.Type),
        GraphQLNamedType named => named.Name.StringValue,
        _ => "",
    };

    public void Dispose() => _documents.Dispose();
}
