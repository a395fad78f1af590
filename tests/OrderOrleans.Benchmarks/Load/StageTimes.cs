using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrderOrleans.Grains;

namespace OrderOrleans.Benchmarks.Load;

/// <summary>
/// The service's own duration histograms (append, publish), collected in-process while a figure runs: where a command's
/// time goes, without a profiler attached. Printed beside the figure so a miss can be traced to its stage.
/// </summary>
public sealed class StageTimes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _samples = new(StringComparer.Ordinal);

    public StageTimes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ServiceMetrics.MeterName && instrument.Unit == "ms")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            _samples.GetOrAdd(instrument.Name, _ => new ConcurrentQueue<double>()).Enqueue(value));
        _listener.Start();
    }

    /// <summary>"stage p50/p99 ms" for each stage seen since the last call, then starts afresh.</summary>
    public string Take()
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
        return string.Join("; ", parts);
    }

    public void Dispose() => _listener.Dispose();
}
