namespace OrderOrleans.Testing;

/// <summary>The checkout the tests run from: where the npm tools and the committed contracts are.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    /// <summary>A tool the README's test command installs from package-lock.json.</summary>
    public static string NodeTool(string relativePath, string tool)
    {
        var path = Path.Combine(Root, "node_modules", relativePath);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{tool} is not installed: run `npm ci` in the repository root (the README's test command does it for you).");
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrderOrleans.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No OrderOrleans.sln above {AppContext.BaseDirectory}.");
    }
}
