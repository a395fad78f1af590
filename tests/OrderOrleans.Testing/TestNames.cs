namespace OrderOrleans.Testing;

/// <summary>Unique names, so tests sharing one Azurite never see each other's tables, queues or orders.</summary>
public static class TestNames
{
    private static int s_counter;

    /// <summary>A table/queue name prefix: letters and digits, starting with a letter.</summary>
    public static string Prefix() => $"t{Environment.ProcessId:x}{Interlocked.Increment(ref s_counter)}x";

    public static string OrderId(string hint = "order") => $"{hint}-{Guid.NewGuid():N}";
}
