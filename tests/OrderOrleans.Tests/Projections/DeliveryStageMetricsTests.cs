using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains;
using OrderOrleans.Testing;
using OrderOrleans.Tests.Orders;

namespace OrderOrleans.Tests.Projections;

/// <summary>A command's way to the views is measured stage by stage, so an operator (and the benchmark) can see where lag comes from.</summary>
public class DeliveryStageMetricsTests(OrderClusterFixture fixture) : IClassFixture<OrderClusterFixture>
{
    [Fact]
    public async Task A_command_reports_its_wait_in_the_publisher_and_each_projection_s_commit()
    {
        using var waits = new MetricCollector<double>(null, ServiceMetrics.MeterName, "orderorleans.publish.wait");
        using var stores = new MetricCollector<double>(null, ServiceMetrics.MeterName, "orderorleans.projection.store.duration");

        var order = fixture.Cluster.Client.GetGrain<IOrderGrain>(TestNames.OrderId("stages"));
        (await order.Execute(new CreateOrder("C", "USD", null, [new OrderLine("A", null, 1, 10m)]) { Context = CommandContext.New() })).Error.ShouldBeNull();

        var stored = await Eventually.Until(() => Task.FromResult(stores.GetMeasurementSnapshot()),
            measurements => measurements.Select(m => m.Tags["projection"]).Distinct().Count() == ProjectionNames.All.Count);
        stored.Select(m => (string)m.Tags["projection"]!).Distinct().Order().ShouldBe(ProjectionNames.All.Order());
        stored.ShouldAllBe(m => m.Value >= 0);
        waits.GetMeasurementSnapshot().ShouldNotBeEmpty();
        waits.GetMeasurementSnapshot().ShouldAllBe(m => m.Value >= 0);
    }
}
