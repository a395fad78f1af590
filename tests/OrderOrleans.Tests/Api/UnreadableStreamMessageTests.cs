using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderOrleans.Grains;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>A message no one can read at the head of every stream queue, good ones behind it (dotnet/orleans#7807).</summary>
public sealed class UnreadableStreamMessageTests(FaultyStreamSilo silo) : IClassFixture<FaultyStreamSilo>
{
    private readonly HttpClient _http = silo.Client;

    [Fact]
    public async Task The_good_messages_behind_an_unreadable_one_reach_the_views_and_the_bad_one_is_dropped_not_retried()
    {
        var options = silo.App.Services.GetRequiredService<IOptions<OrderOrleansOptions>>().Value;
        var queues = Enumerable.Range(0, options.StreamQueues)
            .Select(i => new QueueClient(silo.ConnectionString, $"{silo.App.TablePrefix.ToLowerInvariant()}orders-{i}")).ToList();
        var customer = TestNames.OrderId("unreadable-c");
        silo.Faults.DeliveryStalled = true;
        try
        {
            foreach (var queue in queues)
            {
                await queue.SendMessageAsync("this is not a stream message");
            }
            foreach (var i in Enumerable.Range(0, 6))
            {
                await _http.Create(TestNames.OrderId($"behind-{i}"), customer, 1m);
            }
        }
        finally
        {
            silo.Faults.DeliveryStalled = false;
        }

        // Read in the same polls as the bad ones: the good messages arrive within seconds, not after its visibility timeout.
        await _http.ListOnceProjected($"customerId={customer}", p => p["totalCount"]!.GetValue<int>() == 6);
        foreach (var queue in queues)
        {
            await Eventually.Until(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, count => count == 0, TimeSpan.FromSeconds(10));
        }
        (await _http.GetJson("/api/admin/verify"))["differences"]!.AsArray().ShouldBeEmpty();
    }
}
