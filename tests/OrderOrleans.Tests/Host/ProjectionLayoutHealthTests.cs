using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrderOrleans.Grains;
using OrderOrleans.Grains.Projections;
using OrderOrleans.Grains.Projections.Tallies;
using OrderOrleans.Silo.Health;
using OrderOrleans.Testing;
using OrderOrleans.Tests.Api;

namespace OrderOrleans.Tests.Host;

/// <summary>
/// Views stored for more shards than the silo is configured for (sixteen, the default before 2026-12-04) would answer
/// from part of their rows: <c>/health</c> says so and names the projections, and a rebuild mends it.
/// </summary>
public sealed class ProjectionLayoutHealthTests : IAsyncLifetime
{
    private SiloApp _app = null!;
    private HttpClient _http = null!;
    private TableServiceClient _tables = null!;
    private StorageNames _names = null!;

    public async Task InitializeAsync()
    {
        _app = new SiloApp((await AzuriteServer.Shared).ConnectionString, services: s => s.AddLogging(b => b.AddFakeLogging()))
        {
            Settings = { ["OrderOrleans:Projections:Shards"] = "2" },
        };
        _http = _app.CreateClient();
        // Tables of generation 1 for more shards than two, as sixteen-shard storage has them.
        _tables = new TableServiceClient((await AzuriteServer.Shared).ConnectionString);
        _names = new StorageNames(_app.TablePrefix);
        await _tables.CreateTableIfNotExistsAsync(_names.Tally("OrderList", 1, 2));
        await _tables.CreateTableIfNotExistsAsync(_names.Tally("Customers", 1, 15));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Health_is_unhealthy_naming_the_projections_stored_for_more_shards_until_they_are_rebuilt()
    {
        var health = await _http.GetAsync("/health");

        health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await health.Content.ReadAsStringAsync()).ShouldBe("Unhealthy");
        _app.Services.GetFakeLogCollector().GetSnapshot().ShouldContain(r => r.Level == LogLevel.Error
            && r.Message.Contains("Projections order-list, customers are stored for more shards than the 2 configured", StringComparison.Ordinal));

        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var check = new ProjectionLayoutHealthCheck(_app.Services.GetRequiredService<ProjectionStore>(), _app.Services.GetRequiredService<TallyStore>(),
            _app.Services.GetRequiredService<IOptions<ProjectionOptions>>(), time, _app.Services.GetRequiredService<ILogger<ProjectionLayoutHealthCheck>>());
        var before = await check.CheckHealthAsync(new HealthCheckContext());
        foreach (var projection in new[] { "order-list", "customers" })
        {
            (await _http.PostAsync($"/api/projections/{projection}/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            await Eventually.Until(() => _http.GetJson($"/api/projections/{projection}"), s => s["rebuild"]?["completedAt"] is not null, TimeSpan.FromSeconds(30));
        }
        time.Advance(TimeSpan.FromMinutes(2));
        var after = await check.CheckHealthAsync(new HealthCheckContext());

        before.Status.ShouldBe(HealthStatus.Unhealthy);
        before.Description.ShouldBe("Projections order-list, customers are stored for more than the 2 shards configured: set OrderOrleans:Projections:Shards to the count they were stored with, or rebuild them.");
        after.Status.ShouldBe(HealthStatus.Healthy);
        // The rebuild drops the old generation's tables once it has switched over, those past the configured count too.
        foreach (var table in new[] { _names.Tally("OrderList", 1, 2), _names.Tally("Customers", 1, 15) })
        {
            await Eventually.Until(() => Exists(table), exists => !exists);
        }
    }

    [Fact]
    public async Task A_probe_storage_did_not_answer_is_asked_again_a_second_later_not_a_minute()
    {
        await using var azurite = await AzuriteServer.StartAsync(persistent: true);
        await using var app = new SiloApp(azurite.ConnectionString) { Settings = { ["OrderOrleans:Projections:Shards"] = "2" } };
        app.CreateClient().Dispose();
        var names = new StorageNames(app.TablePrefix);
        await new TableServiceClient(azurite.ConnectionString).CreateTableIfNotExistsAsync(names.Tally("Customers", 1, 3));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var check = new ProjectionLayoutHealthCheck(app.Services.GetRequiredService<ProjectionStore>(), app.Services.GetRequiredService<TallyStore>(),
            app.Services.GetRequiredService<IOptions<ProjectionOptions>>(), time, app.Services.GetRequiredService<ILogger<ProjectionLayoutHealthCheck>>());

        azurite.Stop();
        var during = await check.CheckHealthAsync(new HealthCheckContext());
        await azurite.RestartAsync();
        var kept = await check.CheckHealthAsync(new HealthCheckContext());
        time.Advance(TimeSpan.FromSeconds(2));
        var after = await check.CheckHealthAsync(new HealthCheckContext());

        during.Description.ShouldBe("Not checked: storage did not answer.");
        kept.Description.ShouldBe(during.Description);
        after.Status.ShouldBe(HealthStatus.Unhealthy);
        after.Description!.ShouldStartWith("Projections customers are stored for more than the 2 shards configured");
    }

    private async Task<bool> Exists(string table)
    {
        await foreach (var _ in _tables.QueryAsync(TableClient.CreateQueryFilter($"TableName eq {table}")))
        {
            return true;
        }
        return false;
    }
}
