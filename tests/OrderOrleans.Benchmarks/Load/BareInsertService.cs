using System.Net;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrderOrleans.Benchmarks.Load;

/// <summary>
/// The least any HTTP service in front of the table can do: Kestrel with one endpoint that stores the request's body as one
/// row and answers 204. No validation, no grain, no event, no projection. Its throughput against raw inserts bounds what
/// the real service can reach on this machine, since every command is at least one request and one insert.
/// </summary>
public sealed class BareInsertService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareInsertService(WebApplication app, HttpClient http)
    {
        _app = app;
        Http = http;
    }

    public HttpClient Http { get; }

    public static async Task<BareInsertService> StartAsync(TableClient table)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/rows/{partition}/{row}", async (string partition, string row, HttpRequest request) =>
        {
            using var body = new StreamReader(request.Body);
            await table.AddEntityAsync(new TableEntity(partition, row) { ["Data"] = await body.ReadToEndAsync() });
            return Results.NoContent();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) }) { BaseAddress = new Uri(address) };
        return new BareInsertService(app, http);
    }

    /// <summary>Sends one row's worth of JSON, as a command's body; throws unless stored.</summary>
    public async Task InsertAsync(string partition, string row, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri($"/rows/{partition}/{row}", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
