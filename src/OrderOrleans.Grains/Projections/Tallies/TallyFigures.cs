using System.Text.Json;
using System.Text.Json.Nodes;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Grains.Projections.Tallies;

/// <summary>Compares tallies as verification needs: by their figures, not by the name a product was last given.</summary>
public static class TallyFigures
{
    public static bool Same<T>(T expected, T actual) => JsonNode.DeepEquals(Figures(expected), Figures(actual));

    public static ProjectionDifference Difference<T>(string projection, string key, T? expected, T? actual) where T : class =>
        new(projection, null, null, null)
        {
            Key = key,
            ExpectedFigures = expected is null ? null : JsonSerializer.Serialize(expected, TallyStore.Json),
            ActualFigures = actual is null ? null : JsonSerializer.Serialize(actual, TallyStore.Json),
        };

    private static JsonNode? Figures<T>(T tally)
    {
        var node = JsonSerializer.SerializeToNode(tally, TallyStore.Json);
        // Orders may name a product differently; which name shows depends on the order of changes, not on the figures.
        node?.AsObject().Remove("name");
        return node;
    }
}
