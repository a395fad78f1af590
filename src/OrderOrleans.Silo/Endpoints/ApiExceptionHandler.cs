using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using OrderOrleans.Contracts;
using OrderOrleans.Domain;
using OrderOrleans.Grains;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>
/// Turns what escapes an endpoint into a problem response: unreadable input is the client's 400 (naming the JSON
/// path), storage or cluster outages are a 503 with Retry-After, anything else a 500 without internals.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    // One per host (the handler is a singleton), so two hosts in one process count their outages apart.
    private readonly LogThrottle _unavailable = new(TimeSpan.FromSeconds(10));

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var http = httpContext;
        var (status, title, detail, code) = Classify(exception);
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(http.Request.Method, http.Request.Path, exception);
            http.Response.Headers.RetryAfter = ApiProblems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (status >= StatusCodes.Status500InternalServerError)
        {
            LogFailure(logger, http.Request.Method, http.Request.Path, exception);
        }
        var field = exception is BadHttpRequestException { InnerException: JsonException { Path: { } path } }
            ? FieldOf(path)
            : QueryBinding.Field(exception);
        return await ApiProblems.WriteAsync(http, status, title, detail, code, exception,
            field is null ? null : new Dictionary<string, string[]> { [field] = [detail] });
    }

    /// <summary>What an exception means to a client: status, title, detail and code (GraphQL answers the same code).</summary>
    public static (int Status, string Title, string Detail, string Code) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } =>
            (400, "The request body is not valid JSON for this endpoint", Describe(json), ErrorCodes.RequestMalformedJson),
        BadHttpRequestException { StatusCode: 413 } =>
            (413, "The request body is too large", exception.Message, ErrorCodes.RequestTooLarge),
        BadHttpRequestException bad when QueryBinding.Describe(bad) is { } described =>
            (bad.StatusCode, "The request is invalid", described, ErrorCodes.RequestInvalid),
        BadHttpRequestException bad =>
            (bad.StatusCode, "The request is invalid", "The request could not be read.", ErrorCodes.RequestInvalid),
        EventStoreUnavailableException or TimeoutException or SiloUnavailableException or OrleansMessageRejectionException =>
            (503, "Storage is unavailable", "The event store or the cluster did not answer in time; retry shortly.", ErrorCodes.StorageUnavailable),
        UnreadableEventException =>
            (500, "A stored event cannot be read", exception.Message, ErrorCodes.LogUnreadableEvent),
        _ => (500, "An unexpected error occurred", "The error was logged.", ErrorCodes.ServerError),
    };

    /// <summary>System.Text.Json's messages name the .NET type; clients need the path and the expectation.</summary>
    private static string Describe(JsonException json) => json.Path is { } path && FieldOf(path) != Body
        ? json.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase)
            ? $"'{FieldOf(path)}' is given more than once: send each property once."
            : $"The value at '{FieldOf(path)}' cannot be read: it is malformed or of the wrong type."
        : json.LineNumber is { } line && json.BytePositionInLine is { } position
            ? $"The body is not well-formed JSON: the error is at line {line + 1}, position {position + 1}."
            : "The body is not well-formed JSON.";

    /// <summary>The field a JSON path names; the whole body (<c>body</c>) when it names none, as for a syntax error at the top.</summary>
    private static string FieldOf(string jsonPath) =>
        jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$') is { Length: > 0 } inner ? inner : Body;

    private const string Body = "body";

    /// <summary>
    /// An outage answers every request 503 until storage is back: one line per interval with the count and the last
    /// cause, no stack trace (the cause is known, and a line per request was gigabytes under load).
    /// </summary>
    private void LogUnavailable(string method, string path, Exception exception)
    {
        if (_unavailable.ShouldLog(out var count))
        {
            Unavailable(logger, count, method, path, exception.GetType().Name, exception.Message);
        }
    }

    [LoggerMessage(1, LogLevel.Error, "{Method} {Path} failed")]
    public static partial void LogFailure(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Requests answered 503 (storage or cluster unavailable): {Count} since the last report (last: {Method} {Path}, {Error}: {Message})")]
    private static partial void Unavailable(ILogger logger, long count, string method, string path, string error, string message);
}
