using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using OrderOrleans.Silo.Health;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Host;

/// <summary>/health is open to anyone: a flood of it must not become a flood of storage calls.</summary>
public class StorageHealthCheckTests
{
    [Fact]
    public async Task Storage_is_probed_at_most_once_a_second_however_often_health_is_asked()
    {
        var calls = new CountingPolicy();
        var options = new TableClientOptions();
        options.AddPolicy(calls, HttpPipelinePosition.PerCall);
        var tables = new TableServiceClient((await AzuriteServer.Shared).ConnectionString, options);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var check = new StorageHealthCheck(tables, time);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => check.CheckHealthAsync(new HealthCheckContext())));
        var probesAtOnce = calls.Count;
        time.Advance(TimeSpan.FromSeconds(1.5));
        await check.CheckHealthAsync(new HealthCheckContext());

        results.ShouldAllBe(r => r.Status == HealthStatus.Healthy);
        probesAtOnce.ShouldBe(1);
        calls.Count.ShouldBe(2);
    }

    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => _count;

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
    }
}
