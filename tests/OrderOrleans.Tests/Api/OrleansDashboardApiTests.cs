using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>A silo in Development, where the Orleans dashboard is on by default.</summary>
public sealed class DevelopmentSilo : IAsyncLifetime
{
    public SiloApp App { get; private set; } = null!;

    public async Task InitializeAsync() =>
        App = new SiloApp((await AzuriteServer.Shared).ConnectionString) { Environment = "Development" };

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The Orleans dashboard: for admin API keys only, by header or by HTTP Basic from a browser; Trace off.</summary>
public class OrleansDashboardApiTests(DevelopmentSilo silo) : IClassFixture<DevelopmentSilo>
{
    private HttpClient Client(string? apiKey = null, AuthenticationHeaderValue? authorization = null)
    {
        var client = silo.App.ClientWithKey(apiKey);
        client.DefaultRequestHeaders.Authorization = authorization;
        return client;
    }

    private static AuthenticationHeaderValue Basic(string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("anyone:" + password)));

    [Fact]
    public async Task Without_a_key_it_asks_for_one_and_shows_nothing()
    {
        var response = await Client().GetAsync("/orleans");

        await response.Problem(HttpStatusCode.Unauthorized, "auth.key-required");
        response.Headers.WwwAuthenticate.ShouldContain(h => h.Scheme == "Basic");
        (await Client().GetAsync("/orleans/Reminders")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_without_the_admin_scope_is_refused()
    {
        await (await Client(SiloApp.ReaderKey).GetAsync("/orleans")).Problem(HttpStatusCode.Forbidden, "auth.scope-missing");
        (await Client(authorization: Basic(SiloApp.WriterKey)).GetAsync("/orleans")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Client(authorization: Basic("not-a-key")).GetAsync("/orleans")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_admin_key_by_header_or_by_basic_sign_in_opens_it_but_not_its_live_trace()
    {
        (await Client(SiloApp.TestKey).GetAsync("/orleans")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // "/orleans/" itself: HttpClient drops Authorization when it follows the redirect from "/orleans" (a browser resends it).
        (await Client(authorization: Basic(SiloApp.TestKey)).GetAsync("/orleans/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client(SiloApp.TestKey).GetAsync("/orleans/Trace")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
