using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using OrderOrleans.Grains;

namespace OrderOrleans.Benchmarks.Load;

/// <summary>
/// The service's own duration histograms (append, publish) and its storage calls (from .NET's HTTP client metrics, by
/// Azurite port and method), collected in-process while a figure runs: where a command's time and storage work go,
/// without a profiler attached. Printed beside the figure so a miss can be traced to its stage.
/// </summary>
public sealed class StageTimes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _samples = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    /// <param name="storage">Azurite's ports by service name ("table", "queue"): calls to other ports are not counted.</param>
    public StageTimes(IReadOnlyDictionary<int, string> storage)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if ((instrument.Meter.Name == ServiceMetrics.MeterName && instrument.Unit == "ms") ||
                (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration"))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Meter.Name == ServiceMetrics.MeterName)
            {
                var name = instrument.Name;
                foreach (var tag in tags)
                {
                    if (tag.Key == "projection")
                    {
                        name = $"{name} ({tag.Value})";
                    }
                }
                _samples.GetOrAdd(name, _ => new ConcurrentQueue<double>()).Enqueue(value);
                return;
            }
            string? service = null, method = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "server.port" && tag.Value is int port)
                {
                    storage.TryGetValue(port, out service);
                }
                else if (tag.Key == "http.request.method")
                {
                    method = tag.Value as string;
                }
            }
            if (service is not null)
            {
                _calls.AddOrUpdate($"{service} {method}", 1, (_, n) => n + 1);
            }
        });
        _listener.Start();
    }

    /// <summary>
    /// "stage p50/p99 ms" for each stage, and storage calls per operation, seen since the last call; then starts afresh.
    /// </summary>
    public string Take(int operations = 0)
    {
        var parts = new List<string>();
        foreach (var (name, queue) in _samples.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var latencies = new Latencies(queue);
            queue.Clear();
            if (latencies.Count > 0)
            {
                parts.Add($"{name.Replace("orderorleans.", "", StringComparison.Ordinal)} p50 {latencies[50]:F2} p99 {latencies[99]:F2} ms (n={latencies.Count})");
            }
        }
        var calls = _calls.ToArray();
        _calls.Clear();
        if (operations > 0 && calls.Length > 0)
        {
            parts.Add("storage calls per command: " + string.Join(", ", calls
                .OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {(double)c.Value / operations:F2}"))));
        }
        return string.Join("; ", parts);
    }

    public void Dispose() => _listener.Dispose();
}
