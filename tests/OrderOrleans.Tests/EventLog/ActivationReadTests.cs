using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using OrderOrleans.Grains;
using OrderOrleans.Domain;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Grains.PersonalData;
using OrderOrleans.Grains.Orders;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.EventLog;

/// <summary>
/// Activating a new order costs one point read, never a query: Azurite answers every query by scanning the whole table,
/// so a query per new order made each order slower than the last under sustained load.
/// </summary>
public class ActivationReadTests
{
    [Fact]
    public async Task A_new_order_is_activated_with_one_point_read_and_an_existing_one_still_reads_its_events()
    {
        var requests = new RecordingPolicy();
        var clientOptions = new TableClientOptions();
        clientOptions.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var options = new StorageNames(TestNames.Prefix());
        var log = new OrderEventLog(new TableServiceClient((await AzuriteServer.Shared).ConnectionString, clientOptions), options);
        await log.CreateTablesAsync(CancellationToken.None);
        // No personal fields in these orders: no key is asked for.
        var reader = new OrderHistoryReader(log, new SnapshotStore(new TableServiceClient((await AzuriteServer.Shared).ConnectionString), options), new PersonalDataKeys(null!));
        var (fresh, existing) = (TestNames.OrderId("fresh"), TestNames.OrderId("existing"));
        await log.AppendAsync([new EventEnvelope(existing, 1, new OrderCreated("C", "USD", null), new EventMetadata(DateTimeOffset.UtcNow, "c1", "c1", "c1", "t"))]);
        requests.Uris.Clear();

        var empty = await reader.FoldCurrentAsync(fresh, 50);

        empty.State.Exists.ShouldBeFalse();
        var read = requests.Uris.ShouldHaveSingleItem();
        read.ShouldContain($"(PartitionKey='{fresh}',RowKey='{EventRow.KeyOf(fresh, 1)}')");
        (await reader.FoldCurrentAsync(existing, 50)).State.Version.ShouldBe(1);
    }

    private sealed class RecordingPolicy : HttpPipelineSynchronousPolicy
    {
        public List<string> Uris { get; } = [];

        public override void OnSendingRequest(HttpMessage message) => Uris.Add(Uri.UnescapeDataString(message.Request.Uri.ToString()));
    }
}
