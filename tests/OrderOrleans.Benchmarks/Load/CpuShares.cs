using System.Diagnostics;
using OrderOrleans.Testing;

namespace OrderOrleans.Benchmarks.Load;

/// <summary>CPU milliseconds per operation in Azurite's Table and Queue processes and in this one (silo, HTTP and load generator).</summary>
public readonly record struct CpuPerOperation(double Table, double Queue, double Process)
{
    public double Total => Table + Queue + Process;

    public override string ToString() =>
        FormattableString.Invariant($"CPU per op: table {Table:F3} ms, queue {Queue:F3} ms, this process {Process:F3} ms");
}

/// <summary>
/// Where a figure's CPU went, from the processes' own counters: on a 2-core machine a throughput can reach at most one
/// core's worth of Azurite's single-threaded table process, and two cores' worth of everything together.
/// </summary>
public sealed class CpuShares
{
    private readonly AzuriteServer _azurite;
    private (TimeSpan Table, TimeSpan Queue, TimeSpan Process) _start;

    public CpuShares(AzuriteServer azurite)
    {
        _azurite = azurite;
        _start = Read();
    }

    /// <summary>Starts counting afresh.</summary>
    public void Restart() => _start = Read();

    /// <summary>CPU per operation since the last <see cref="Restart"/>.</summary>
    public CpuPerOperation Per(int operations)
    {
        var now = Read();
        double Ms(TimeSpan spent) => spent.TotalMilliseconds / Math.Max(1, operations);
        return new CpuPerOperation(Ms(now.Table - _start.Table), Ms(now.Queue - _start.Queue), Ms(now.Process - _start.Process));
    }

    private (TimeSpan Table, TimeSpan Queue, TimeSpan Process) Read()
    {
        var (table, queue) = _azurite.ProcessorTime();
        using var self = Process.GetCurrentProcess();
        return (table, queue, self.TotalProcessorTime);
    }
}
