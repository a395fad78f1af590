extern alias dashboard;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrderOrleans.Testing;

namespace OrderOrleans.Dashboard.Tests.EndToEnd;

/// <summary>The dashboard as an Orleans client of a real silo on Azurite, both on Kestrel, and Debian's Chromium.</summary>
public class DashboardFixture : IAsyncLifetime
{
    public const string User = "tester";
    public const string Password = "tester-password";

    private IPlaywright? _playwright;
    private string _signedIn = "";

    private SiloApp? _silo;
    private DashboardApp? _dashboard;
    private IBrowser? _browser;

    public SiloApp Silo => _silo!;

    public HttpClient Api { get; private set; } = null!;

    public DashboardApp Dashboard => _dashboard!;

    public IBrowser Browser => _browser!;

    /// <summary>Where the tests save a screenshot of each main page.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // xUnit does not dispose a fixture whose start failed: stop what did start (hosts, browser) here.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        Directory.CreateDirectory(Screenshots);
        var azurite = await StorageAsync();
        _silo = new SiloApp(azurite.ConnectionString);
        _silo.UseKestrel(0);
        _silo.StartServer();
        Api = _silo.CreateClient();
        _dashboard = new DashboardApp(_silo);
        _dashboard.UseKestrel(0);
        _dashboard.StartServer();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        });
        // Sign in once; every page then starts from that cookie.
        var context = await _browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn(page, User, Password);
        await page.WaitForSelectorAsync("[data-testid=interactive]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        _signedIn = await context.StorageStateAsync();
        await context.CloseAsync();
    }

    /// <summary>The Azurite the silo stores in: the tests' shared one unless a fixture needs its own.</summary>
    protected virtual Task<AzuriteServer> StorageAsync() => AzuriteServer.Shared;

    public async Task SignIn(IPage page, string user, string password)
    {
        await page.GotoAsync(Dashboard.Url + "login");
        await page.FillAsync("#name", user);
        await page.FillAsync("#password", password);
        await page.GetByTestId("login").ClickAsync();
    }

    /// <summary>A page in a browser context of its own, not signed in.</summary>
    public async Task<IPage> Anonymous(ColorScheme scheme = ColorScheme.Light) =>
        await (await Browser.NewContextAsync(new BrowserNewContextOptions { ColorScheme = scheme })).NewPageAsync();

    /// <summary>A fresh page on a dashboard path, once the circuit is interactive (clicks before that are lost).</summary>
    /// <param name="scheme">The system's colour scheme, which the dashboard's theme follows until the user picks one.</param>
    public async Task<IPage> Open(string path, ColorScheme scheme = ColorScheme.Light)
    {
        var page = await SignedInPage(scheme);
        await page.GotoAsync(Dashboard.Url + path.TrimStart('/'));
        await page.WaitForSelectorAsync("[data-testid=interactive]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        return page;
    }

    /// <summary>A blank page, signed in, in a browser context of its own (own cookies, cache and storage).</summary>
    public async Task<IPage> SignedInPage(ColorScheme scheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            StorageState = _signedIn,
            ColorScheme = scheme,
            // Dates are typed in the locale's order (month/day/year here).
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
        }
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}

/// <summary>The dashboard on a silo whose Azurite is its own, so a test can stop and restart storage.</summary>
public sealed class OwnStorageDashboardFixture : DashboardFixture
{
    public AzuriteServer Azurite { get; private set; } = null!;

    protected override async Task<AzuriteServer> StorageAsync() => Azurite = await AzuriteServer.StartAsync(persistent: true);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
    }
}

/// <summary>The dashboard host, pointed at the test silo's gateway and cluster.</summary>
public sealed class DashboardApp(SiloApp silo) : WebApplicationFactory<dashboard::Program>
{
    public string Url => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";

    /// <summary>Further configuration, applied last.</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DashboardUsers:0:Name", DashboardFixture.User);
        builder.UseSetting("DashboardUsers:0:PasswordHash", new Microsoft.AspNetCore.Identity.PasswordHasher<object>().HashPassword(new object(), DashboardFixture.Password));
        // Development serves the static web assets (MudBlazor's css and js) from the build output.
        builder.UseEnvironment("Development");
        // ...but with the caching headers Release sends (Development turns them off for hot reload).
        builder.UseSetting("EnableStaticAssetsDevelopmentCaching", "true");
        builder.UseSetting("Orleans:ClusterId", silo.TablePrefix);
        builder.UseSetting("Orleans:Endpoints:GatewayPort", silo.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
