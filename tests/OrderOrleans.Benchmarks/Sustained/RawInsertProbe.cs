using System.Diagnostics;
using Azure.Data.Tables;

namespace OrderOrleans.Benchmarks.Sustained;

/// <summary>
/// Twice a minute, a short burst of raw inserts on the load's own Azurite (rows the size of an event's, eight at a time,
/// into a table of their own): what the emulator itself manages at that moment, so the report can tell the emulator's
/// slowing as its data grows from the service's own (orders/s divided by these inserts/s).
/// </summary>
public sealed class RawInsertProbe(string connectionString)
{
    private const int Inserts = 200;
    private const int AtOnce = 8;
    private static readonly string s_data = new('x', 400);
    private readonly TableClient _table = new(connectionString, "loadrawprobe");

    public async Task RunAsync(LoadMinutes minutes, CancellationToken stop)
    {
        await _table.CreateIfNotExistsAsync(stop);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // Two bursts inside the minute, averaged: one burst alone varied from 259 to 720 inserts/s in one run.
                var minute = minutes.Current;
                await Task.Delay(TimeSpan.FromSeconds(15), stop);
                var first = await BurstAsync(stop);
                await Task.Delay(TimeSpan.FromSeconds(25), stop);
                minutes.RawInserts(minute, (first + await BurstAsync(stop)) / 2);
                while (minutes.Current == minute)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Inserts a second.</summary>
    private async Task<double> BurstAsync(CancellationToken stop)
    {
        var partition = Guid.NewGuid().ToString("N");
        var next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= Inserts)
            {
                await _table.AddEntityAsync(new TableEntity(partition, Guid.NewGuid().ToString("N")) { ["Data"] = s_data }, stop);
            }
        }));
        return Inserts / clock.Elapsed.TotalSeconds;
    }
}
