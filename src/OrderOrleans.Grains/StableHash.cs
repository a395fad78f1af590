namespace OrderOrleans.Grains;

/// <summary>FNV-1a over a string: the same in every process and release (string.GetHashCode is randomized per process).</summary>
public static class StableHash
{
    public static uint Of(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
