using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrderOrleans.Dashboard.Security;

/// <summary>A dashboard user from the <c>DashboardUsers</c> configuration section; the password only as its hash.</summary>
public sealed class DashboardUser
{
    public string Name { get; set; } = "";

    /// <summary>ASP.NET Core Identity's PasswordHasher format (PBKDF2, salted); configuration never holds a password.</summary>
    public string PasswordHash { get; set; } = "";
}

/// <summary>
/// Cookie sign-in for the dashboard: every page needs a signed-in user, whose name the commands carry as UserId.
/// The sign-in page is plain HTML (no user input is echoed into it) with an antiforgery token.
/// </summary>
public static class DashboardSignIn
{
    private static readonly PasswordHasher<DashboardUser> s_hasher = new();

    public static WebApplicationBuilder AddDashboardSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.Cookie.Name = "orderorleans.dashboard";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SignInThrottle>();
        return builder;
    }

    public static WebApplication MapDashboardSignIn(this WebApplication app)
    {
        app.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, string? returnUrl, bool? failed) =>
            Results.Content(Page(antiforgery.GetAndStoreTokens(http), LocalOrHome(returnUrl), failed == true, name: null), "text/html; charset=utf-8"))
            .AllowAnonymous();
        app.MapPost("/login", async ([FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl,
            HttpContext http, IConfiguration configuration, IAntiforgery antiforgery, SignInThrottle throttle) =>
        {
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (throttle.Wait(name ?? "", address) is { } wait)
            {
                var seconds = (int)Math.Ceiling(wait.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Content(Page(antiforgery.GetAndStoreTokens(http), LocalOrHome(returnUrl), failed: true, name,
                    $"Too many failed sign-ins: try again in {(seconds > 90 ? $"{(seconds + 59) / 60} minutes" : $"{seconds} seconds")}."),
                    "text/html; charset=utf-8", statusCode: StatusCodes.Status429TooManyRequests);
            }
            var user = (configuration.GetSection("DashboardUsers").Get<DashboardUser[]>() ?? [])
                .FirstOrDefault(u => u.Name == name);
            // Verify against a stored hash even for an unknown name, so that the time taken does not reveal which names exist.
            var verified = s_hasher.VerifyHashedPassword(user ?? new DashboardUser(), user?.PasswordHash ?? s_decoy, password ?? "");
            if (user is null || verified == PasswordVerificationResult.Failed)
            {
                throttle.Failed(name ?? "", address);
                // The form again, answered to the post: the name stays as typed, the error is announced, focus is on the password.
                return Results.Content(Page(antiforgery.GetAndStoreTokens(http), LocalOrHome(returnUrl), failed: true, name),
                    "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
            }
            throttle.Succeeded(user.Name);
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name)], CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.LocalRedirect(LocalOrHome(returnUrl));
        }).AllowAnonymous();
        app.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            // No form field is bound here, so the token is checked by hand: another site must not sign a user out.
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest();
            }
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        });
        return app;
    }

    private static readonly string s_decoy = s_hasher.HashPassword(new DashboardUser(), Guid.NewGuid().ToString());

    private static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            && !url.Any(char.IsControl)
            ? url
            : "/";

    private static string Page(AntiforgeryTokenSet tokens, string returnUrl, bool failed, string? name,
        string message = "The user or the password is wrong.") => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Sign in · OrderOrleans</title>
        <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
        <style>
          body { font-family: Roboto, Helvetica, Arial, sans-serif; background: #f5f5f5; display: grid; place-items: center; height: 100vh; margin: 0; }
          form { background: #fff; padding: 32px; border-radius: 8px; box-shadow: 0 2px 8px rgba(0,0,0,.15); width: 320px; }
          h1 { font-size: 22px; font-weight: 500; margin: 0 0 20px; color: #594ae2; }
          label { display: block; font-size: 13px; color: #555; margin-top: 12px; }
          input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 10px; margin-top: 4px; border: 1px solid #ccc; border-radius: 4px; font-size: 15px; }
          button { margin-top: 20px; width: 100%; padding: 10px; background: #594ae2; color: #fff; border: 0; border-radius: 4px; font-size: 15px; cursor: pointer; }
          .error { color: #c62828; font-size: 14px; margin-top: 12px; }
        </style></head>
        <body>
        <form method="post" action="/login">
          <h1>OrderOrleans</h1>
          <input type="hidden" name="{{WebUtility.HtmlEncode(tokens.FormFieldName)}}" value="{{WebUtility.HtmlEncode(tokens.RequestToken)}}" />
          <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl)}}" />
          <label for="name">User</label><input id="name" name="name" type="text" autocomplete="username" value="{{WebUtility.HtmlEncode(name ?? "")}}" {{(failed ? "" : "autofocus")}} required />
          <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" {{(failed ? "autofocus" : "")}} required />
          {{(failed ? $"<div class=\"error\" role=\"alert\" data-testid=\"login-failed\">{WebUtility.HtmlEncode(message)}</div>" : "")}}
          <button type="submit" data-testid="login">Sign in</button>
        </form>
        </body></html>
        """;
}
