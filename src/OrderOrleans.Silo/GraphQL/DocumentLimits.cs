using GraphQLParser.AST;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>
/// What a document costs before any rule walks it: its fields with every fragment spread expanded, counted once per
/// fragment (memoised), so a chain of fragments that each spread the next twice is weighed in time linear in its text,
/// where the validation rules would expand it (2^n fields for n fragments).
/// </summary>
public static class DocumentLimits
{
    /// <summary>Fields a document may hold once its fragments are expanded: a full page of orders with every field is about 30.</summary>
    public const int MaxFields = 1_000;

    /// <summary>Root fields one request may ask for; each is also counted against the key's rate limit.</summary>
    public const int MaxRootFields = 100;

    /// <summary>The document's fields with fragments expanded, counted up to just past <see cref="MaxFields"/>.</summary>
    public static int ExpandedFields(GraphQLDocument document)
    {
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
        {
            total = Add(total, Size(operation.SelectionSet, fragments, sizes));
        }
        return total;
    }

    /// <summary>The operation a request runs: the one named, or the only one.</summary>
    public static GraphQLOperationDefinition? Operation(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return operationName is null
            ? operations.Count == 1 ? operations[0] : null
            : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
    }

    /// <summary>The root fields the operation asks for, its top-level fragments expanded.</summary>
    public static int RootFields(GraphQLDocument document, GraphQLOperationDefinition operation)
    {
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return CountRoot(operation.SelectionSet, fragments, []);
    }

    private static int CountRoot(GraphQLSelectionSet set, Dictionary<string, GraphQLFragmentDefinition> fragments, HashSet<string> seen)
    {
        var count = 0;
        foreach (var selection in set.Selections)
        {
            count = Add(count, selection switch
            {
                GraphQLField => 1,
                GraphQLInlineFragment inline => CountRoot(inline.SelectionSet, fragments, seen),
                GraphQLFragmentSpread spread when fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment)
                    && seen.Add(fragment.FragmentName.Name.StringValue) => CountRoot(fragment.SelectionSet, fragments, seen),
                _ => 0,
            });
        }
        return count;
    }

    private static int Size(GraphQLSelectionSet? set, Dictionary<string, GraphQLFragmentDefinition> fragments, Dictionary<string, int> sizes)
    {
        var size = 0;
        foreach (var selection in set?.Selections ?? [])
        {
            size = Add(size, selection switch
            {
                GraphQLField field => Add(1, Size(field.SelectionSet, fragments, sizes)),
                GraphQLInlineFragment inline => Size(inline.SelectionSet, fragments, sizes),
                GraphQLFragmentSpread spread => FragmentSize(spread.FragmentName.Name.StringValue, fragments, sizes),
                _ => 0,
            });
        }
        return size;
    }

    private static int FragmentSize(string name, Dictionary<string, GraphQLFragmentDefinition> fragments, Dictionary<string, int> sizes)
    {
        if (sizes.TryGetValue(name, out var known))
        {
            return known;
        }
        if (!fragments.TryGetValue(name, out var fragment))
        {
            return 0;
        }
        // A cycle weighs nothing here: the spec's own rule refuses it.
        sizes[name] = 0;
        return sizes[name] = Size(fragment.SelectionSet, fragments, sizes);
    }

    /// <summary>Sums that stop growing past the limit, so a bomb's count never overflows.</summary>
    private static int Add(int a, int b) => (int)Math.Min((long)a + b, MaxFields + 1L);
}
