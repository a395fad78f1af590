using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OrderOrleans.Grains.Delivery;
using OrderOrleans.Storage;
using OrderOrleans.Tests.Infrastructure;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>A faulty-stream silo that forgets an idle order's in-flight row after a second and looks for gone silos every second.</summary>
public sealed class InFlightSilo : FaultyStreamSilo
{
    protected override Dictionary<string, string> Settings => new()
    {
        ["OrderOrleans:Delivery:InFlightIdleAfter"] = "00:00:01",
        ["OrderOrleans:Delivery:RecoveryScanEvery"] = "00:00:01",
    };
}

/// <summary>A silo names the orders it may hold undelivered changes of, in storage, so that another can catch them up if it dies.</summary>
public class InFlightRecoveryTests(InFlightSilo silo) : IClassFixture<InFlightSilo>
{
    private readonly HttpClient _http = silo.Client;

    [Fact]
    public async Task An_order_is_named_in_flight_before_its_command_answers_and_forgotten_once_idle_and_delivered()
    {
        var (order, customer) = (TestNames.OrderId("named"), TestNames.OrderId("named"));
        var (table, self) = await InFlight();

        await _http.Create(order, customer, 3m);

        (await Orders(table, self)).ShouldContain(order);
        (await Orders(table, InFlightOrders.SilosPartition)).ShouldContain(self);
        await Eventually.Until(() => Orders(table, self), orders => !orders.Contains(order));
        await _http.ListOnceProjected($"customerId={customer}", p => p.Statuses().SequenceEqual(["Created"]));
    }

    [Fact]
    public async Task A_gone_silos_in_flight_orders_are_caught_up_without_anyone_asking_for_them()
    {
        var (order, customer) = (TestNames.OrderId("gone"), TestNames.OrderId("gone"));
        // The place (version 3) never reaches the views, as if the silo that took it died before sending it.
        silo.Faults.Plan(order, 3, StreamFault.Drop);
        await _http.Create(order, customer, 4m);
        await _http.Place(order);
        await _http.ListOnceProjected($"customerId={customer}", p =>
            p.Statuses().SequenceEqual(["Created"]) && p["items"]![0]!["version"]!.GetValue<int>() == 2);
        await Eventually.Until(() => Task.FromResult(silo.Faults.Pending([order])), pending => pending == 0);
        // The order is active nowhere, as when its silo died; that silo, unknown to the cluster, named it in flight.
        await silo.App.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var (table, _) = await InFlight();
        const string gone = "10.255.0.1:11111@1";
        await table.UpsertEntityAsync(new TableEntity(InFlightOrders.SilosPartition, gone));
        await table.UpsertEntityAsync(new TableEntity(gone, order));

        await _http.ListOnceProjected($"customerId={customer}", p => p.Statuses().SequenceEqual(["Placed"]));

        await Eventually.Until(async () => (await Orders(table, gone)).Count + (await Orders(table, InFlightOrders.SilosPartition)).Count(s => s == gone),
            left => left == 0);
    }

    private async Task<(TableClient Table, string Self)> InFlight()
    {
        var tables = StorageAccount.FromConnectionString((await AzuriteServer.Shared).ConnectionString).Tables();
        return (tables.GetTableClient(silo.App.TablePrefix + "InFlightOrders"), silo.App.Services.GetRequiredService<InFlightOrders>().SiloKey);
    }

    private static async Task<List<string>> Orders(TableClient table, string partition)
    {
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"]))
        {
            rows.Add(row.RowKey);
        }
        return rows;
    }
}
