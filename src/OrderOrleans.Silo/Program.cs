using System.Text.Json.Serialization;
using OrderOrleans.Domain;
using OrderOrleans.Silo;
using OrderOrleans.Silo.Endpoints;
using OrderOrleans.Silo.GraphQL;
using OrderOrleans.Silo.Health;
using OrderOrleans.Silo.OpenApi;
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
    // {"quantity":1,"quantity":1000} is refused rather than read as its last value, which a proxy or log may not show.
    o.SerializerOptions.AllowDuplicateProperties = false;
});
// Binding failures (malformed JSON, wrong types) throw in every environment, so ApiExceptionHandler can name the field.
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
// Every problem carries a stable code, also those ASP.NET Core writes itself (413 from Kestrel's body limit, 404, 405).
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
{
    context.ProblemDetails.Extensions.TryAdd("code", context.ProblemDetails.Status switch
    {
        StatusCodes.Status413PayloadTooLarge => ErrorCodes.RequestTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ErrorCodes.RequestUnsupportedMediaType,
        StatusCodes.Status404NotFound => ErrorCodes.RouteNotFound,
        StatusCodes.Status405MethodNotAllowed => ErrorCodes.RouteMethodNotAllowed,
        var status => $"http.{status}",
    });
    if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
    {
        context.ProblemDetails.Detail ??= $"Send the body as JSON, with Content-Type: application/json (this was {context.HttpContext.Request.ContentType ?? "not given"}).";
    }
});
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.AddOrderOrleansOpenApi();
builder.AddOrderOrleansGraphQL();
// One instance, so its cached probe is shared by every request.
builder.Services.AddSingleton<StorageHealthCheck>();
builder.Services.AddSingleton<ProjectionLayoutHealthCheck>();
builder.Services.AddSingleton<FeedStreamSlots>();
builder.Services.AddHealthChecks()
    .AddCheck<StorageHealthCheck>("storage")
    .AddCheck<SiloHealthCheck>("silo")
    .AddCheck<ProjectionLagHealthCheck>("projection-lag")
    .AddCheck<ProjectionLayoutHealthCheck>("projection-layout");

var app = builder.Build();

// Browsers must not second-guess a response's type (a JSON body read as HTML).
app.Use((http, next) =>
{
    // Set as the response starts: the exception handler clears headers set before it writes a problem.
    http.Response.OnStarting(() =>
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Task.CompletedTask;
    });
    return next(http);
});
app.UseExceptionHandler();
app.UseWebSockets();
app.UseStatusCodePages();
// Authentication names the caller, the rate limiter counts per key (per client address when there is none, so a flood of
// bad keys is limited too), and only then does authorization refuse.
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapGet("/", () => Results.Redirect("/scalar")).ExcludeFromDescription();
app.MapDefaultEndpoints();
app.MapOrleansDashboardForAdmins();
app.MapCluster();
app.MapOrderCommands();
app.MapOrderQueries();
app.MapOrderHistory();
app.MapReadModels();
app.MapPersonalData();
app.MapProjections();
app.MapEventFeed();
app.MapProducts();
app.MapOrderGraphQL();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
