using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
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

        var perSecond = builder.Configuration.GetValue("RateLimit:PermitsPerSecond", 200);
        var burst = builder.Configuration.GetValue("RateLimit:Burst", 400);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PerKeyLimit, http => RateLimitPartition.GetTokenBucketLimiter(
                http.User.Identity?.Name ?? http.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This API key may send {perSecond} requests a second (bursts of {burst}); retry after the Retry-After seconds.",
                    "rate-limit.exceeded");
            };
        });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        return builder;
    }
}
