using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OrderOrleans.ServiceDefaults;

namespace OrderOrleans.Testing;

/// <summary>
/// The real Azure Storage emulator, from the repository's node_modules, on free ports so that tests never collide
/// with each other or with a running app. One shared instance per test run; tests that stop storage start their own.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private static readonly Lazy<Task<AzuriteServer>> s_shared = new(() => StartAsync());

    private readonly int _queuePort;
    private readonly int _tablePort;
    private readonly string? _location;
    private readonly string _queueLocation;
    private readonly int? _tableHeapMiB;
    private readonly List<Process> _processes = [];

    private AzuriteServer(int queuePort, int tablePort, string? location, int? tableHeapMiB)
    {
        _queuePort = queuePort;
        _tablePort = tablePort;
        _location = location;
        _tableHeapMiB = tableHeapMiB;
        // Queues keep their messages on disk even when tables do not: the in-memory store holds one extent per message,
        // and Azurite's extent GC (every minute) deletes each one with a full re-sort of the extent index, which blocked
        // its event loop for minutes after a few thousand messages. On disk, messages share large extents.
        _queueLocation = location ?? NewLocation();
    }

    /// <summary>The instance every test shares; give each test its own table prefix.</summary>
    public static Task<AzuriteServer> Shared => s_shared.Value;

    public string ConnectionString => AzuriteAccount.ConnectionString($"http://127.0.0.1:{_queuePort}", $"http://127.0.0.1:{_tablePort}");

    /// <summary>
    /// Starts an emulator of its own; <paramref name="persistent"/> keeps its tables on disk across <see cref="RestartAsync"/>.
    /// The Table and Queue services run in node processes of their own (and no Blob service, which nothing uses):
    /// Azurite's queue calls slow down as its queues grow, and apart they cannot slow the tables down too.
    /// </summary>
    /// <param name="tableHeapMiB">
    /// The Table service's V8 heap limit (node's default is about 4 GiB): it holds every table in memory, about 15 KiB
    /// per order with the four projections' rows, so past about 250,000 orders it needs more.
    /// </param>
    public static async Task<AzuriteServer> StartAsync(bool persistent = false, int? tableHeapMiB = null)
    {
        var server = new AzuriteServer(FreePorts.Next(), FreePorts.Next(), persistent ? NewLocation() : null, tableHeapMiB);
        await server.RestartAsync();
        return server;
    }

    /// <summary>CPU time the Table and the Queue service have used so far: where a figure's storage work went.</summary>
    public (TimeSpan Table, TimeSpan Queue) ProcessorTime()
    {
        // Launched in this order by RestartAsync.
        _processes[0].Refresh();
        _processes[1].Refresh();
        return (_processes[0].TotalProcessorTime, _processes[1].TotalProcessorTime);
    }

    /// <summary>(Re)starts the emulator on the same ports.</summary>
    public async Task RestartAsync()
    {
        _processes.Clear();
        string[] tableFlags = _tableHeapMiB is { } heap ? [$"--max-old-space-size={heap}"] : [];
        Launch(_location, [.. tableFlags, Repository.NodeTool("azurite/dist/src/table/main.js", "Azurite"), "--tableHost", "127.0.0.1", "--tablePort", $"{_tablePort}"]);
        Launch(_queueLocation, [Repository.NodeTool("azurite/dist/src/queue/main.js", "Azurite"), "--skipApiVersionCheck", "--queueHost", "127.0.0.1", "--queuePort", $"{_queuePort}"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        await WaitForPortsAsync([_queuePort, _tablePort]);
    }

    private static string NewLocation() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"order-orleans-azurite-{Guid.NewGuid():N}")).FullName;

    /// <summary>Starts one node process (<paramref name="arguments"/>: node's own flags, the script, its arguments); <paramref name="location"/> null keeps its data in memory only.</summary>
    private void Launch(string? location, string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])[.. AzuriteAccount.NodeFlags, .. arguments, "--disableTelemetry", "--silent"])
        {
            start.ArgumentList.Add(arg);
        }
        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    /// <summary>
    /// Takes storage away. SIGINT first (the Table service's own entry point saves on SIGINT only, not on SIGTERM):
    /// Azurite then saves its data to disk, as a real account keeps what it acknowledged; a SIGKILL could lose the last
    /// writes, which no real outage does.
    /// </summary>
    public void Stop()
    {
        // Signal every process first, then wait: at process exit there is little time, and waiting for the Table service
        // to save before signalling the Queue service left the latter running after the tests.
        var running = _processes.Where(p => !p.HasExited).ToList();
        foreach (var process in running)
        {
            using var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            interrupt.WaitForExit();
        }
        foreach (var process in running.Where(p => !p.WaitForExit(TimeSpan.FromSeconds(10))))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>Storage that hangs rather than refuses: the processes stopped (SIGSTOP), connections accepted and never answered.</summary>
    public void Pause() => Signal("-STOP");

    public void Resume() => Signal("-CONT");

    private void Signal(string signal)
    {
        foreach (var process in _processes.Where(p => !p.HasExited))
        {
            using var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Resume();
        Stop();
        foreach (var location in new[] { _location, _queueLocation }.Distinct())
        {
            if (location is not null && Directory.Exists(location))
            {
                Directory.Delete(location, recursive: true);
            }
        }
        return ValueTask.CompletedTask;
    }

    private async Task WaitForPortsAsync(int[] ports)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (true)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
                {
                    if (_processes.FirstOrDefault(p => p.HasExited) is { } exited)
                    {
                        throw new InvalidOperationException($"Azurite exited with code {exited.ExitCode} before listening on port {port}.");
                    }
                    await Task.Delay(50);
                }
            }
        }
    }
}
