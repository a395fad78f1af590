using System.Diagnostics;
using System.Globalization;
using OrderOrleans.Testing;

namespace OrderOrleans.Benchmarks.Sustained;

/// <summary>
/// The run command's configuration, started as separate processes so their logs can be measured: Azurite's Table and
/// Queue services apart (tables in memory, queues on disk; with <c>--persist</c> tables on disk too, as
/// <c>-- --Azurite:Persist true</c> gives the run command), and N silo processes (the Release build of OrderOrleans.Silo, Development
/// environment, Azure Table membership) whose standard output and error go to files.
/// </summary>
public sealed class LoadCluster : IAsyncDisposable
{
    private readonly AzuriteServer _azurite;
    private readonly List<Process> _silos = [];
    private readonly string _logs;

    private LoadCluster(AzuriteServer azurite, string logs)
    {
        _azurite = azurite;
        _logs = logs;
    }

    /// <summary>Each silo's HTTP address.</summary>
    public List<Uri> Silos { get; } = [];

    /// <summary>Bytes the silos have written to standard output and error so far.</summary>
    public long LogBytes => Directory.GetFiles(_logs).Sum(f => new FileInfo(f).Length);

    public string LogFolder => _logs;

    public string StorageConnectionString => _azurite.ConnectionString;

    private static readonly string[] s_scopes = ["orders:read", "orders:write", "admin"];

    /// <param name="keys">API keys (name and key) the silos accept beside the development one, each with every scope.</param>
    public static async Task<LoadCluster> StartAsync(int silos, string siloAssembly, bool persistTables, IReadOnlyList<(string Name, string Key)> keys)
    {
        var azurite = await AzuriteServer.StartAsync(persistent: persistTables);
        var logs = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"order-orleans-load-{DateTime.UtcNow:yyyyMMdd-HHmmss}")).FullName;
        var cluster = new LoadCluster(azurite, logs);
        var clusterId = $"load-{Guid.NewGuid():N}"[..13];
        for (var i = 1; i <= silos; i++)
        {
            cluster.StartSilo(i, siloAssembly, clusterId, keys);
        }
        using var http = new HttpClient();
        foreach (var silo in cluster.Silos)
        {
            await Eventually(async () => (await http.GetAsync(new Uri(silo, "/health"))).IsSuccessStatusCode, TimeSpan.FromSeconds(90));
        }
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos.Where(s => !s.HasExited))
        {
            silo.Kill(entireProcessTree: true);
            await silo.WaitForExitAsync();
        }
        await _azurite.DisposeAsync();
    }

    private void StartSilo(int n, string assembly, string clusterId, IReadOnlyList<(string Name, string Key)> keys)
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__storage"] = _azurite.ConnectionString,
            // What Aspire's Orleans integration hands each silo of the run command.
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__ServiceId"] = "order-orleans",
            ["Orleans__Clustering__ProviderType"] = "AzureTableStorage",
            ["Orleans__Clustering__ServiceKey"] = "storage",
            ["Orleans__Endpoints__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
        };
        // After the development key (ApiKeys:0): each client its own key, so each has its own rate limit, as distinct integrations would.
        foreach (var (i, (name, key)) in keys.Index())
        {
            settings[$"ApiKeys__{i + 1}__Name"] = name;
            settings[$"ApiKeys__{i + 1}__KeyHash"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
            foreach (var (j, scope) in s_scopes.Index())
            {
                settings[$"ApiKeys__{i + 1}__Scopes__{j}"] = scope;
            }
        }
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a silo.");
        var log = new StreamWriter(Path.Combine(_logs, $"silo{n}.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _silos.Add(process);
        Silos.Add(new Uri($"http://127.0.0.1:{port}"));
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static async Task Eventually(Func<Task<bool>> ready, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (HttpRequestException) when (clock.Elapsed < limit)
            {
            }
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException("A silo did not become healthy.");
            }
            await Task.Delay(500);
        }
    }
}
