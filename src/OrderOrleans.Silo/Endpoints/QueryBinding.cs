using System.Text.RegularExpressions;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>
/// Reads ASP.NET Core's binding failures for route and query values ("Failed to bind parameter "Nullable&lt;DateTimeOffset&gt;
/// at" from "yesterday".") and says them as a client needs them: the parameter's name and what it must be, no .NET types.
/// </summary>
public static partial class QueryBinding
{
    public static string? Field(Exception exception) =>
        exception is BadHttpRequestException bad && Parse(bad.Message) is { } parsed ? parsed.Name : null;

    public static string? Describe(BadHttpRequestException bad) => Parse(bad.Message) is { } parsed
        ? parsed.Value is { } value
            ? $"{parsed.Name} must be {Expected(parsed.Type)}; '{(value.Length > 64 ? value[..64] + "…" : value)}' is not."
            : $"{parsed.Name} is required and must be {Expected(parsed.Type)}."
        : null;

    private static (string Type, string Name, string? Value)? Parse(string message)
    {
        if (FailedToBind().Match(message) is { Success: true } failed)
        {
            return (failed.Groups["type"].Value, failed.Groups["name"].Value, failed.Groups["value"].Value);
        }
        return Missing().Match(message) is { Success: true } missing ? (missing.Groups["type"].Value, missing.Groups["name"].Value, null) : null;
    }

    private static string Expected(string type) => type.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('>') switch
    {
        "DateTimeOffset" or "DateTime" => "a date and time in ISO 8601, such as 2026-12-01T00:00:00Z",
        "DateOnly" => "a date in ISO 8601, such as 2026-12-01",
        "int" or "Int32" or "long" or "Int64" => "a whole number",
        "decimal" or "Decimal" or "double" or "Double" => "a number",
        "bool" or "Boolean" => "true or false",
        "OrderStatus" => "one of Created, Placed, Paid, Shipped, Delivered, Cancelled",
        _ => "a valid value",
    };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[A-Za-z0-9_]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[A-Za-z0-9_]+)" was not provided""")]
    private static partial Regex Missing();
}
