using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Endpoints;

namespace OrderOrleans.Silo.Security;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header against <see cref="ApiKeyStore"/>, or HTTP Basic with the key as password
/// (how a browser signs in to the Orleans dashboard); 401 and 403 answer as problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[Header].ToString();
        if (presented.Length == 0 && BasicPassword(Request.Headers.Authorization.ToString()) is { } password)
        {
            presented = password;
        }
        if (presented.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (keys.Find(presented) is not { } match)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }
        var claims = match.Scopes.Select(s => new Claim(ApiScopes.ClaimType, s)).Append(new Claim(ClaimTypes.Name, match.Name));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Request.Path.StartsWithSegments(OrleansDashboardHosting.Path))
        {
            // Browsers then ask for a name and password: any name, an admin API key as the password.
            Response.Headers.WWWAuthenticate = "Basic realm=\"Orleans dashboard: an admin API key as password\", charset=\"UTF-8\"";
        }
        // The same code either way (clients branch on it); the words say which of the two happened.
        return Request.Headers.ContainsKey(Header) || Request.Headers.Authorization.Count > 0
            ? Problem(StatusCodes.Status401Unauthorized, "The API key is not valid",
                $"The key sent in the {Header} header is not one this service knows: check it for a typo, or ask for a key.", ErrorCodes.AuthKeyRequired)
            : Problem(StatusCodes.Status401Unauthorized, "An API key is required",
                $"Send a valid key in the {Header} header.", ErrorCodes.AuthKeyRequired);
    }

    private static string? BasicPassword(string authorization)
    {
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        Span<byte> decoded = stackalloc byte[authorization.Length];
        if (!Convert.TryFromBase64String(authorization[6..].Trim(), decoded, out var length))
        {
            return null;
        }
        var text = System.Text.Encoding.UTF8.GetString(decoded[..length]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : text[(colon + 1)..];
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problem(StatusCodes.Status403Forbidden, "The API key lacks the scope this needs",
            "Commands need orders:write, queries orders:read, projection operations admin.", ErrorCodes.AuthScopeMissing);

    private Task<bool> Problem(int status, string title, string detail, string code) => ApiProblems.WriteAsync(Context, status, title, detail, code);
}
