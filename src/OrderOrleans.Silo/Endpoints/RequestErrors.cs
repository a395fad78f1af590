using Microsoft.AspNetCore.Http.HttpResults;
using OrderOrleans.Domain;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>Collects field errors of one request, named as the client spelled them (camelCase JSON paths).</summary>
public sealed class RequestErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IDictionary<string, string[]> ToDictionary() => _errors;

    public void Add(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    /// <summary>The one check of an id a client sends (order, customer, product): absent is fine, malformed is not.</summary>
    public void CheckId(string? id, string field)
    {
        if (id is not null && !OrderKeys.IsValid(id))
        {
            Add(field, $"{field} must be {OrderKeys.Rule}.");
        }
    }

    /// <summary>A 400 naming <paramref name="field"/> when the id in a path is malformed, else null.</summary>
    public static ValidationProblem? IdProblem(string id, string field)
    {
        var errors = new RequestErrors();
        errors.CheckId(id, field);
        return errors.Any ? ApiProblems.Validation(errors.ToDictionary()) : null;
    }

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
