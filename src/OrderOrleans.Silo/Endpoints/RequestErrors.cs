namespace OrderOrleans.Silo.Endpoints;

/// <summary>Collects field errors of one request, named as the client spelled them (camelCase JSON paths).</summary>
public sealed class RequestErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IDictionary<string, string[]> ToDictionary() => _errors;

    public void Add(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    public T Required<T>(T? value, string field) where T : class
    {
        if (value is null || value is string { Length: 0 })
        {
            Add(field, $"{field} is required.");
        }
        return value!;
    }

    public T Required<T>(T? value, string field) where T : struct
    {
        if (value is null)
        {
            Add(field, $"{field} is required.");
        }
        return value.GetValueOrDefault();
    }
}
