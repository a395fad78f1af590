using System.Net;
using System.Text.RegularExpressions;
using OrderOrleans.Testing;

namespace OrderOrleans.Dashboard.Tests.EndToEnd;

/// <summary>The sign-in form against guessing and odd input, over HTTP as a script would send it, on a dashboard of its own.</summary>
public sealed partial class SignInTests : IAsyncLifetime
{
    private const string Second = "second";
    private SiloApp _silo = null!;
    private DashboardApp _dashboard = null!;

    public async Task InitializeAsync()
    {
        _silo = new SiloApp((await AzuriteServer.Shared).ConnectionString);
        _silo.UseKestrel(0);
        _silo.StartServer();
        _dashboard = new DashboardApp(_silo)
        {
            Settings =
            {
                ["DashboardUsers:1:Name"] = Second,
                ["DashboardUsers:1:PasswordHash"] = new Microsoft.AspNetCore.Identity.PasswordHasher<object>().HashPassword(new object(), DashboardFixture.Password),
            },
        };
        _dashboard.UseKestrel(0);
        _dashboard.StartServer();
    }

    public async Task DisposeAsync()
    {
        await _dashboard.DisposeAsync();
        await _silo.DisposeAsync();
    }

    [Fact]
    public async Task Guessing_is_throttled_by_user_then_by_address_even_with_the_right_password()
    {
        var http = Client();
        for (var i = 0; i < 5; i++)
        {
            (await SignIn(http, DashboardFixture.User, $"guess-{i}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        var locked = await SignIn(http, DashboardFixture.User, DashboardFixture.Password);
        locked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        locked.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 30);
        (await locked.Content.ReadAsStringAsync()).ShouldContain("Too many failed sign-ins: try again in");
        // Another user from the same address still signs in, until the address has failed 20 times within a minute.
        (await SignIn(Client(), Second, DashboardFixture.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        for (var i = 0; i < 15; i++)
        {
            await SignIn(http, $"nobody-{i}", "guess");
        }
        (await SignIn(Client(), Second, DashboardFixture.Password)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_return_address_with_a_control_character_leads_home_and_sign_out_needs_the_forms_token()
    {
        var http = Client();
        var form = await http.GetAsync("/login?returnUrl=%2Forders%01x");
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await form.Content.ReadAsStringAsync()).ShouldContain("name=\"returnUrl\" value=\"/\"");
        var signedIn = await SignIn(http, DashboardFixture.User, DashboardFixture.Password, "/orders\u0001x");
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync());
        signedIn.Headers.Location!.ToString().ShouldBe("/");

        // A sign-out posted from elsewhere (no token) is refused; the layout's own form carries one.
        (await http.PostAsync("/logout", new FormUrlEncodedContent([]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>A browser-like client of its own (cookies kept) that shows redirects rather than following them.</summary>
    private HttpClient Client() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(_dashboard.Url) };

    private static async Task<HttpResponseMessage> SignIn(HttpClient http, string name, string password, string returnUrl = "/")
    {
        var page = await (await http.GetAsync("/login")).Content.ReadAsStringAsync();
        var token = Token().Match(page);
        return await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value),
            ["name"] = name,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\" />")]
    private static partial Regex Token();
}
