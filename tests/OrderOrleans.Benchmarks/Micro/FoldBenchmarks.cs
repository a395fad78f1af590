using BenchmarkDotNet.Attributes;
using OrderOrleans.Domain;

namespace OrderOrleans.Benchmarks.Micro;

/// <summary>The in-memory fold every activation, projection and time-travel query runs: <see cref="OrderState.Apply"/>.</summary>
[MemoryDiagnoser]
public class FoldBenchmarks
{
    public const int Events = 1_000;

    private EventEnvelope[] _events = [];

    [GlobalSetup]
    public void Setup()
    {
        var metadata = new EventMetadata(DateTimeOffset.UtcNow, "c", "c", "c", "u");
        _events = [.. Enumerable.Range(1, Events).Select(v => new EventEnvelope("fold", v,
            v == 1 ? new OrderCreated("C", "USD", null) : new ItemAdded($"P{v % 40}", "x", 1, 1m), metadata))];
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public OrderState Fold()
    {
        var state = new OrderState();
        foreach (var e in _events)
        {
            state.Apply(e);
        }
        return state;
    }
}
