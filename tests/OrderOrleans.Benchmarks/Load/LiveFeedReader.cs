using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrderOrleans.Benchmarks.Load;

/// <summary>Reads a silo's live feed (Server-Sent Events), noting when each <c>orderId:version</c> first arrives.</summary>
public static class LiveFeedReader
{
    public static async Task ReadAsync(HttpClient http, ConcurrentDictionary<string, long> arrivals, TaskCompletionSource subscribed, CancellationToken stop)
    {
        try
        {
            using var response = await http.GetAsync("/api/events/stream", HttpCompletionOption.ResponseHeadersRead, stop);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
            while (await reader.ReadLineAsync(stop) is { } line)
            {
                if (line.StartsWith("event: ready", StringComparison.Ordinal))
                {
                    subscribed.TrySetResult();
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    arrivals.TryAdd(line[4..], Stopwatch.GetTimestamp());
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
