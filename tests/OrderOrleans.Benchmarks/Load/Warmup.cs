using System.Diagnostics;
using System.Runtime;

namespace OrderOrleans.Benchmarks.Load;

/// <summary>Repeats a warm-up round until a round compiles few methods (tiered JIT has settled), bounded in rounds and time.</summary>
public static class Warmup
{
    private const int QuietMethods = 100;
    private const int MaxRounds = 8;
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(45);

    public static async Task UntilJitQuietAsync(Func<int, Task> round)
    {
        var clock = Stopwatch.StartNew();
        for (var n = 1; ; n++)
        {
            var (methods, time) = (JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());
            await round(n);
            var compiled = JitInfo.GetCompiledMethodCount() - methods;
            Console.WriteLine($"warm-up round {n}: {compiled} methods compiled in {(JitInfo.GetCompilationTime() - time).TotalMilliseconds:F0} ms of JIT");
            if (compiled < QuietMethods || n == MaxRounds || clock.Elapsed > s_limit)
            {
                return;
            }
        }
    }
}
