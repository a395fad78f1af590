using GraphQL;
using GraphQL.DI;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>
/// Parsed and validated documents by query text, so a client that sends the same query with new variables (as
/// generated clients do) skips the parse and the validation, which cost more than the grain call. A document's
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
        if (options.Document is not null || query is null)
        {
            return await next(options);
        }
        if (_documents.TryGetValue(query, out Entry? cached))
        {
            options.Document = cached!.Document;
            options.ValidationRules = cached.WeighsVariables ? [.. options.ValidationRules?.OfType<ComplexityValidationRule>() ?? []] : [];
            return await next(options);
        }
        var result = await next(options);
        // Executed means the document parsed and passed every rule; a refused one is parsed again when sent again.
        if (result.Executed && result.Document is { } document)
        {
            _documents.Set(query, new Entry(document, HasNumberVariable(document)), new MemoryCacheEntryOptions { Size = query.Length });
        }
        return result;
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
