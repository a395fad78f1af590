using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Endpoints;

namespace OrderOrleans.Silo.Security;

/// <summary>API keys with scopes, a rate limit per key, and a request body limit.</summary>
public static class SecurityHosting
{
    public const string ReadPolicy = ApiScopes.Read;
    public const string WritePolicy = ApiScopes.Write;
    public const string AdminPolicy = ApiScopes.Admin;
    public const string PerKeyLimit = "per-key";

    /// <summary>Request bodies above this answer 413: no command needs more.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static WebApplicationBuilder AddOrderOrleansSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.RequireClaim(ApiScopes.ClaimType, ApiScopes.Read, ApiScopes.Admin))
            .AddPolicy(WritePolicy, p => p.RequireClaim(ApiScopes.ClaimType, ApiScopes.Write, ApiScopes.Admin))
            .AddPolicy(AdminPolicy, p => p.RequireClaim(ApiScopes.ClaimType, ApiScopes.Admin));

        var limits = new KeyRateLimits(builder.Configuration);
        builder.Services.AddSingleton(limits);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PerKeyLimit, http => http.User.Identity?.Name is { } key
                ? RateLimitPartition.Get(key, limits.ForMiddleware)
                : RateLimitPartition.GetTokenBucketLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "anonymous", _ => limits.Options));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    RateLimited(limits),
                    ErrorCodes.RateLimitExceeded);
            };
        });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        return builder;
    }

    public static string RateLimited(KeyRateLimits limits) =>
        $"This API key may send {limits.PerSecond} requests a second (bursts of {limits.Burst}), a GraphQL request one for each root field; retry after the Retry-After seconds.";
}
