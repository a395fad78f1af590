using System.Text.Json.Serialization;
using Orleans.Dashboard;
using OrderOrleans.Silo;
using OrderOrleans.Silo.Endpoints;
using OrderOrleans.Silo.Health;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOrderOrleansSilo();

builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
});
// Binding failures (malformed JSON, wrong types) throw in every environment, so ApiExceptionHandler can name the field.
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks()
    .AddCheck<StorageHealthCheck>("storage")
    .AddCheck<SiloHealthCheck>("silo");

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

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
