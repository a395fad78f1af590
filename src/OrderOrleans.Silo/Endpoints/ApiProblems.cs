using Microsoft.AspNetCore.Http.HttpResults;
using OrderOrleans.Domain;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>RFC 9457 problem responses, each with a stable <c>code</c> beside the human-readable detail.</summary>
public static class ApiProblems
{
    /// <summary>Seconds a client should wait before retrying after storage was unreachable.</summary>
    public const int RetryAfterSeconds = 2;

    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string code = ErrorCodes.RequestInvalid) =>
        TypedResults.ValidationProblem(errors, "One or more fields are invalid.", extensions: Code(code));

    /// <param name="orderId">Null when the order's id was generated for a create that was refused: no such order exists.</param>
    public static IResult From(OrderError error, string? orderId, HttpContext http, string? commandId = null)
    {
        var extensions = Code(error.Code);
        if (orderId is not null)
        {
            extensions["orderId"] = orderId;
        }
        if (error.CurrentVersion is { } version)
        {
            extensions["currentVersion"] = version;
        }
        switch (error.Kind)
        {
            case ErrorKind.Invalid:
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [error.Field ?? "request"] = [error.Message] },
                    error.Message, extensions: extensions);
            case ErrorKind.Unavailable:
                // The command may still be applied when storage returns: retrying with this key applies it at most once.
                if (commandId is not null)
                {
                    extensions["commandId"] = commandId;
                }
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case ErrorKind.NotFound when error.Code == OrderErrors.NotFound.Code && orderId is not null:
                return NotFound(orderId);
            case ErrorKind.NotFound:
                return NotFound(error.Code, "Not found", error.Message, [.. extensions.Where(e => e.Key != "code").Select(e => (e.Key, e.Value))]);
        }
        if (error.Field is { } field)
        {
            extensions["field"] = field;
        }
        var (status, title) = error.Kind switch
        {
            ErrorKind.InvalidState => (StatusCodes.Status409Conflict, "The order's state does not allow this command"),
            ErrorKind.RuleViolated => (StatusCodes.Status422UnprocessableEntity, "A business rule was violated"),
            ErrorKind.VersionConflict => (StatusCodes.Status409Conflict, "The order changed concurrently"),
            ErrorKind.StaleVersion => (StatusCodes.Status412PreconditionFailed, "The order version does not match If-Match"),
            _ when error.Code == ErrorCodes.DeliveryBacklogFull => (StatusCodes.Status503ServiceUnavailable, "Events are waiting for delivery to the read side"),
            _ => (StatusCodes.Status503ServiceUnavailable, "Storage is unavailable"),
        };
        return TypedResults.Problem(error.Message, statusCode: status, title: title, extensions: extensions);
    }

    public static IResult NotFound(string orderId) =>
        NotFound(ErrorCodes.OrderNotFound, "Order not found", $"Order '{orderId}' does not exist.", ("orderId", orderId));

    public static ProblemHttpResult CustomerNotFound(string customerId) =>
        NotFound(ErrorCodes.CustomerNotFound, "Customer not found", $"Customer '{customerId}' has no orders.", ("customerId", customerId));

    /// <summary>Every 404 the API answers: its code, a title naming what is missing, and which one.</summary>
    public static ProblemHttpResult NotFound(string code, string title, string detail, params (string Name, object? Value)[] details)
    {
        var extensions = Code(code);
        foreach (var (name, value) in details)
        {
            extensions[name] = value;
        }
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: title, extensions: extensions);
    }

    public static Dictionary<string, object?> Code(string code) => new(StringComparer.Ordinal) { ["code"] = code };

    /// <summary>
    /// Writes a problem where no endpoint answers (authentication, rate limiting, exceptions): the same shape and
    /// <c>code</c> as an endpoint's, through the problem-details service so content negotiation applies.
    /// </summary>
    public static async Task<bool> WriteAsync(HttpContext http, int status, string title, string detail, string code,
        Exception? exception = null, IDictionary<string, string[]>? errors = null)
    {
        http.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }
        return await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}
