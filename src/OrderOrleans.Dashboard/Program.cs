using Microsoft.AspNetCore.ResponseCompression;
using MudBlazor.Services;
using OrderOrleans.Dashboard;
using OrderOrleans.Dashboard.Components;
using OrderOrleans.Dashboard.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOrderOrleansClient();
builder.AddDashboardSignIn();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices(o =>
{
    o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
    o.SnackbarConfiguration.MaxDisplayedSnackbars = 3;
    o.SnackbarConfiguration.VisibleStateDuration = 4000;
});
// MapStaticAssets serves pre-compressed files, except for packages' fingerprinted URLs (MudBlazor's 613 KB stylesheet
// went out uncompressed): those are compressed here. Only CSS and JS, never pages, which hold antiforgery tokens (BREACH).
builder.Services.AddResponseCompression(o =>
{
    o.EnableForHttps = true;
    o.MimeTypes = ["text/css", "text/javascript", "application/javascript"];
    o.Providers.Add<BrotliCompressionProvider>();
    o.Providers.Add<GzipCompressionProvider>();
});
builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
builder.Services.AddSingleton<DashboardFeed>();
builder.Services.AddScoped<LiveEvents>();
builder.Services.AddScoped<OrderCommands>();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseResponseCompression();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapDefaultEndpoints();
app.MapDashboardSignIn();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
