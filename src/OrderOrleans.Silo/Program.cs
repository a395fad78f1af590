using System.Text.Json.Serialization;
using Orleans.Dashboard;
using OrderOrleans.Silo;
using OrderOrleans.Silo.Endpoints;
using OrderOrleans.Silo.Health;
using OrderOrleans.Silo.Security;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOrderOrleansSilo();
builder.AddOrderOrleansSecurity();

builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
});
// Binding failures (malformed JSON, wrong types) throw in every environment, so ApiExceptionHandler can name the field.
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
// Every problem carries a stable code, also those ASP.NET Core writes itself (413 from Kestrel's body limit, 404, 405).
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
    context.ProblemDetails.Extensions.TryAdd("code", context.ProblemDetails.Status switch
    {
        StatusCodes.Status413PayloadTooLarge => "request.too-large",
        StatusCodes.Status404NotFound => "route.not-found",
        StatusCodes.Status405MethodNotAllowed => "route.method-not-allowed",
        var status => $"http.{status}",
    }));
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks()
    .AddCheck<StorageHealthCheck>("storage")
    .AddCheck<SiloHealthCheck>("silo")
    .AddCheck<ProjectionLagHealthCheck>("projection-lag");

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapGet("/", () => Results.Redirect("/scalar")).ExcludeFromDescription();
app.MapDefaultEndpoints();
app.MapOrleansDashboard(routePrefix: "/orleans").ExcludeFromDescription();
app.MapCluster();
app.MapOrderCommands();
app.MapOrderQueries();
app.MapOrderHistory();
app.MapReadModels();
app.MapProjections();
app.MapEventFeed();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
