using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrderOrleans.Tests.Infrastructure;

/// <summary>
/// The real Azure Storage emulator, from the repository's node_modules, on free ports so that tests never collide
/// with each other or with a running app. One shared instance per test run; tests that stop storage start their own.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's public, documented development account key (not a secret).</summary>
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Lazy<Task<AzuriteServer>> s_shared = new(() => StartAsync());

    private readonly int _blobPort;
    private readonly int _queuePort;
    private readonly int _tablePort;
    private readonly string? _location;
    private readonly bool _queuesApart;
    private readonly List<Process> _processes = [];

    private AzuriteServer(int blobPort, int queuePort, int tablePort, string? location, bool queuesApart)
    {
        _blobPort = blobPort;
        _queuePort = queuePort;
        _tablePort = tablePort;
        _location = location;
        _queuesApart = queuesApart;
    }

    /// <summary>The instance every test shares; give each test its own table prefix.</summary>
    public static Task<AzuriteServer> Shared => s_shared.Value;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};" +
        (_queuesApart ? "" : $"BlobEndpoint=http://127.0.0.1:{_blobPort}/devstoreaccount1;") +
        $"QueueEndpoint=http://127.0.0.1:{_queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{_tablePort}/devstoreaccount1;";

    /// <summary>
    /// Starts an emulator of its own; <paramref name="persistent"/> keeps its data on disk across <see cref="RestartAsync"/>.
    /// <paramref name="queuesApart"/> runs the Queue service in a node process of its own beside the Table service (and
    /// no Blob service): Azurite's queues slow down with their length, and apart they cannot slow the tables down too.
    /// </summary>
    public static async Task<AzuriteServer> StartAsync(bool persistent = false, bool queuesApart = false)
    {
        var tablePort = FreePorts.Next();
        string? location = null;
        if (persistent)
        {
            location = Path.Combine(Path.GetTempPath(), $"order-orleans-azurite-{Guid.NewGuid():N}");
            Directory.CreateDirectory(location);
        }
        var server = new AzuriteServer(FreePorts.Next(), FreePorts.Next(), tablePort, location, queuesApart);
        await server.RestartAsync();
        return server;
    }

    /// <summary>(Re)starts the emulator on the same ports.</summary>
    public async Task RestartAsync()
    {
        _processes.Clear();
        if (_queuesApart)
        {
            Launch("node_modules/azurite/dist/src/table/main.js", "--tableHost", "127.0.0.1", "--tablePort", $"{_tablePort}");
            Launch("node_modules/azurite/dist/src/queue/main.js", "--skipApiVersionCheck", "--queueHost", "127.0.0.1", "--queuePort", $"{_queuePort}");
        }
        else
        {
            Launch("node_modules/azurite/dist/src/azurite.js", "--skipApiVersionCheck",
                "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                "--blobPort", $"{_blobPort}", "--queuePort", $"{_queuePort}", "--tablePort", $"{_tablePort}");
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        await WaitForPortsAsync(_queuesApart ? [_queuePort, _tablePort] : [_blobPort, _queuePort, _tablePort]);
    }

    private void Launch(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])[script, .. arguments, "--disableTelemetry", "--silent"])
        {
            start.ArgumentList.Add(arg);
        }
        if (_location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(_location);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    /// <summary>
    /// Takes storage away. SIGTERM first: Azurite then saves its data to disk, as a real account keeps what it
    /// acknowledged; a SIGKILL could lose the last writes, which no real outage does.
    /// </summary>
    public void Stop()
    {
        foreach (var process in _processes.Where(p => !p.HasExited))
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                term.WaitForExit();
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        if (_location is not null && Directory.Exists(_location))
        {
            Directory.Delete(_location, recursive: true);
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

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException(
            "Azurite is not installed: run `npm ci` in the repository root (the README's test command does it for you).");
    }
}
