using Azure.Data.Tables;
using OrderOrleans.Tests.Api;
using OrderOrleans.Tests.Infrastructure;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Projections;

/// <summary>A change storage keeps refusing (its view's row was removed under it) is parked, and its shard moves on.</summary>
public sealed class UnstorableChangeTests : IAsyncLifetime
{
    private string _connectionString = "";
    private SiloApp _silo = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _connectionString = (await AzuriteServer.Shared).ConnectionString;
        _silo = new SiloApp(_connectionString);
        _http = _silo.CreateClient();
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_missing_tally_row_parks_its_change_as_a_dead_letter_and_the_shards_other_customers_stay_current()
    {
        var (customer, orderId) = (TestNames.OrderId("unstorable-customer"), TestNames.OrderId("unstorable"));
        await _http.Create(orderId, customer, 5m);
        await _http.CustomerOnceProjected(customer, c => c["orderCount"]!.GetValue<int>() == 1);
        var removed = 0;
        await foreach (var table in new TableServiceClient(_connectionString).QueryAsync(t => t.Name.CompareTo(_silo.TablePrefix + "Customers") >= 0 && t.Name.CompareTo(_silo.TablePrefix + "Customert") < 0))
        {
            var rows = new TableClient(_connectionString, table.Name);
            await foreach (var row in rows.QueryAsync<TableEntity>(r => r.RowKey == "t:" + customer))
            {
                await rows.DeleteEntityAsync(row.PartitionKey, row.RowKey);
                removed++;
            }
        }
        removed.ShouldBe(1);

        await _http.Place(orderId);
        // Other customers whose orders share the shard: stored, although the batch they came with could not be.
        var shard = ShardDelivery.ShardOf(_silo.Services, orderId);
        var others = Enumerable.Range(0, 200).Select(i => TestNames.OrderId($"unstorable-other-{i}"))
            .Where(id => ShardDelivery.ShardOf(_silo.Services, id) == shard).Take(3).ToList();
        others.Count.ShouldBe(3);
        foreach (var other in others)
        {
            await _http.Create(other, "C-" + other, 2m);
        }
        foreach (var other in others)
        {
            await _http.CustomerOnceProjected("C-" + other, c => c["orderCount"]!.GetValue<int>() == 1);
        }
        var letters = await Eventually.Until(
            async () => await (await _http.GetAsync("/api/projections/customers/dead-letters")).JsonArray(),
            l => l.Count > 0, TimeSpan.FromSeconds(10));
        var letter = letters.ShouldHaveSingleItem()!;
        letter["orderId"]!.GetValue<string>().ShouldBe(orderId);
        letter["error"]!.GetValue<string>().ShouldContain("storage refused it");
        (await _http.GetJson("/api/projections/customers"))["deadLetters"]!.GetValue<int>().ShouldBe(1);
    }
}
