using System.Collections.Concurrent;
using Azure.Data.Tables;
using Orleans.TestingHost;
using OrderOrleans.Storage;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Orders;

/// <summary>Silos of the two-silo test: Azure Table membership and the service, on the Azurite the test names.</summary>
public sealed class AzureMembershipSilo : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var silo = siloBuilder;
        var storage = silo.Configuration["storage"]!;
        var prefix = silo.Configuration["prefix"]!;
        silo.UseAzureStorageClustering(o =>
        {
            o.TableServiceClient = StorageAccount.FromConnectionString(storage).Tables();
            o.TableName = prefix + "OrleansSiloInstances";
        });
        silo.AddOrderOrleans(StorageAccount.FromConnectionString(storage),
            new OrderOrleansOptions { TablePrefix = prefix, Delivery = { RecoveryScanEvery = TimeSpan.FromSeconds(1) } });
        // Declare a killed silo dead within seconds rather than the production default of about a minute.
        silo.Configure<Orleans.Configuration.ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
        });
    }
}

public sealed class AzureMembershipClient : IClientBuilderConfigurator
{
    public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.UseAzureStorageClustering(o =>
        {
            o.TableServiceClient = StorageAccount.FromConnectionString(configuration["storage"]!).Tables();
            o.TableName = configuration["prefix"] + "OrleansSiloInstances";
        });
}

/// <summary>Two silos on Azure Table membership (Azurite); one leaves while commands run.</summary>
public sealed class TwoSiloClusterTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private string _connectionString = "";
    private readonly string _prefix = TestNames.Prefix();

    public async Task InitializeAsync()
    {
        _connectionString = (await AzuriteServer.Shared).ConnectionString;
        var builder = new TestClusterBuilder(2);
        builder.Options.UseTestClusterMembership = false;
        builder.Properties["storage"] = _connectionString;
        builder.Properties["prefix"] = _prefix;
        builder.AddSiloBuilderConfigurator<AzureMembershipSilo>();
        builder.AddClientBuilderConfigurator<AzureMembershipClient>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_acknowledged_command_is_in_the_log_once_and_orders_reactivate_on_the_remaining_silo(bool kill)
    {
        var membership = new TableServiceClient(_connectionString).GetTableClient(_prefix + "OrleansSiloInstances");
        var active = await Eventually.Until(async () =>
        {
            var rows = new List<TableEntity>();
            await foreach (var row in membership.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Status eq {"Active"}")))
            {
                rows.Add(row);
            }
            return rows;
        }, rows => rows.Count == 2);
        active.Count.ShouldBe(2);

        var grains = _cluster.Client;
        var orders = Enumerable.Range(0, 12).Select(i => TestNames.OrderId($"o{i}")).ToArray();
        foreach (var id in orders)
        {
            (await grains.GetGrain<IOrderGrain>(id).Execute(new CreateOrder("C", "USD", null, []) { Context = CommandContext.New() })).Error.ShouldBeNull();
        }
        var acknowledged = new ConcurrentBag<(string OrderId, string ProductId)>();

        async Task Run(string id)
        {
            // Each order gets as many different products as it may hold; some calls fail while a silo leaves.
            for (var n = 1; n < OrderRules.MaxLines; n++)
            {
                var product = $"P{n}";
                try
                {
                    var result = await grains.GetGrain<IOrderGrain>(id).Execute(new AddItem(new OrderLine(product, null, 1, 1m)) { Context = CommandContext.New() });
                    if (result.Error is null)
                    {
                        acknowledged.Add((id, product));
                    }
                }
                catch (Exception)
                {
                    // Not acknowledged: it may or may not be in the log, but never twice.
                }
            }
        }

        var load = Task.WhenAll(orders.Select(Run));
        await Eventually.Until(() => Task.FromResult(acknowledged.Count), count => count >= 3 * orders.Length);
        var inFlight = new TableServiceClient(_connectionString).GetTableClient(_prefix + "InFlightOrders");
        var leaving = _cluster.SecondarySilos[0].SiloAddress.ToParsableString();
        (await InFlight(inFlight, leaving)).ShouldBeGreaterThan(0);
        if (kill)
        {
            await _cluster.KillSiloAsync(_cluster.SecondarySilos[0]);
        }
        else
        {
            await _cluster.StopSiloAsync(_cluster.SecondarySilos[0]);
        }
        await load;

        var log = new OrderEventLog(StorageAccount.FromConnectionString(_connectionString).Tables(),
            new StorageNames(_prefix));
        foreach (var id in orders)
        {
            var products = new List<string>();
            await foreach (var row in log.ReadAsync(id))
            {
                var envelope = row.ToEnvelope();
                if (envelope.Event is ItemAdded added)
                {
                    products.Add(added.ProductId);
                }
            }
            products.ShouldBeUnique();
            acknowledged.Where(a => a.OrderId == id).Select(a => a.ProductId).ShouldBeSubsetOf(products);
            var order = await grains.GetGrain<IOrderGrain>(id).GetOrder();
            order!.Items.Select(i => i.ProductId).ShouldBe(products, ignoreOrder: true);
            order.Version.ShouldBe(products.Count + 1);
        }
        acknowledged.Count.ShouldBeGreaterThan(3 * orders.Length);
        (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count.ShouldBe(1);
        var report = await Eventually.Until(() => grains.GetGrain<IProjectionGrain>(ProjectionNames.OrderList).Verify(repair: false),
            r => r.Differences.Count == 0, TimeSpan.FromSeconds(30));
        report.CheckedOrders.ShouldBe(orders.Length);
        // The silo that left named its orders in flight; the remaining one, once the cluster knows it is gone, catches
        // them up and forgets them (a graceful stop forgets those delivered itself).
        await Eventually.Until(() => InFlight(inFlight, leaving), rows => rows == 0, TimeSpan.FromSeconds(60));
    }

    private static async Task<int> InFlight(TableClient table, string silo)
    {
        var rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == silo, select: ["RowKey"]))
        {
            rows++;
        }
        return rows;
    }
}
