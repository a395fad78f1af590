using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;
using OrderOrleans.Domain;

namespace OrderOrleans.Silo.Endpoints;

/// <summary>Reads what HTTP headers say about a command: Idempotency-Key, If-Match, X-Correlation-Id.</summary>
public static class CommandRequestContext
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string CorrelationIdHeader = "X-Correlation-Id";
    public const string ReplayedHeader = "Idempotent-Replayed";


    public static CommandContext Read(HttpContext http, RequestErrors errors)
    {
        var headers = http.Request.Headers;
        int? expectedVersion = null;
        var ifMatch = headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*")
        {
            if (EntityTagHeaderValue.TryParse(ifMatch, out var tag) && !tag.IsWeak &&
                int.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                expectedVersion = version;
            }
            else
            {
                errors.Add("If-Match", "If-Match must be a strong ETag holding the order version, such as \"3\".");
            }
        }
        return For(http, headers[IdempotencyKeyHeader].ToString(), IdempotencyKeyHeader, expectedVersion, errors);
    }

    /// <summary>
    /// The context of a command sent with the idempotency <paramref name="key"/> (empty for none) and expected version,
    /// however the API carried them (headers for REST, arguments for GraphQL): the same key is the same command in both.
    /// </summary>
    public static CommandContext For(HttpContext http, string key, string keyField, int? expectedVersion, RequestErrors errors)
    {
        if (key.Length > 0 && !OrderKeys.IsValid(key))
        {
            errors.Add(keyField, $"{keyField} must be {OrderKeys.Rule}.");
        }
        var headers = http.Request.Headers;
        var correlationId = headers[CorrelationIdHeader].ToString();
        if (!OrderKeys.IsValid(correlationId))
        {
            correlationId = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        }
        http.Response.Headers[CorrelationIdHeader] = correlationId;

        // The API key's name: commands only run for an authenticated key. A key is the caller's own: its command id
        // is scoped by the caller, so the same key from another caller is another command (and another derived order).
        var user = http.User.Identity?.Name ?? "anonymous";
        return key.Length > 0 && OrderKeys.IsValid(key)
            ? new CommandContext(Scoped(user, key), IsClientKey: true, expectedVersion, user, correlationId)
            : new CommandContext(Scoped(user, Guid.NewGuid().ToString("N")), IsClientKey: false, expectedVersion, user, correlationId);
    }

    /// <summary>The Idempotency-Key a client repeats to retry a command: its command id without the caller's scope.</summary>
    public static string KeyOf(CommandContext context) => context.CommandId[(context.CommandId.LastIndexOf('/') + 1)..];

    private static string Scoped(string caller, string key) => $"{caller}/{key}";

    /// <summary>
    /// The id of a new order when the client names none: random, or derived from the Idempotency-Key so that
    /// repeating the create addresses the same order and is answered as a replay of the command it already holds.
    /// </summary>
    public static string NewOrderId(CommandContext context)
    {
        if (!context.IsClientKey)
        {
            return OrderKeys.NewOrderId();
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(context.CommandId));
        return OrderKeys.OrderIdFrom(hash);
    }
}
