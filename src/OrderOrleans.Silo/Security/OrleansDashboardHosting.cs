using Orleans.Dashboard;

namespace OrderOrleans.Silo.Security;

/// <summary>
/// The Orleans dashboard (grains, silos, reminders): on by default in Development only (<c>OrleansDashboard:Enabled</c>),
/// and wherever it is on, for admin API keys only (a browser signs in with HTTP Basic, the key as password). Its Trace
/// page streams every log line of the silo live, so it answers 404 unless <c>OrleansDashboard:Trace</c> is true.
/// </summary>
public static class OrleansDashboardHosting
{
    public const string Path = "/orleans";

    public static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue("OrleansDashboard:Enabled", environment.IsDevelopment());

    public static WebApplication MapOrleansDashboardForAdmins(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration, app.Environment))
        {
            return app;
        }
        if (!app.Configuration.GetValue("OrleansDashboard:Trace", false))
        {
            app.Use((http, next) =>
            {
                if (http.Request.Path.StartsWithSegments($"{Path}/Trace", StringComparison.OrdinalIgnoreCase))
                {
                    http.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }
                return next(http);
            });
        }
        app.MapOrleansDashboard(routePrefix: Path).RequireAuthorization(SecurityHosting.AdminPolicy)
            .RequireRateLimiting(SecurityHosting.PerKeyLimit).ExcludeFromDescription();
        return app;
    }
}
