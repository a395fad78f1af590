using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OrderOrleans.Benchmarks.Load;

namespace OrderOrleans.Benchmarks.Sustained;

/// <summary>
/// The sustained-load scenario (<c>./scripts/load.sh</c>): N clients doing create + place + pay against the run command's
/// configuration for M minutes, reporting per minute orders/s, command latency, 5xx, projection lag (a command's answer
/// to its event on the live feed) and the service's own lag figure, and log bytes; then how long the views take to show
/// every order, whether the log and the views agree, and the lag at half the sustained throughput.
/// </summary>
public static class SustainedLoad
{
    private const string DevelopmentKey = "local-dev-key";
    private static readonly TimeSpan s_catchUpGoal = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var minutesToRun = Option(args, "--minutes", 10.0);
        var clientCount = (int)Option(args, "--clients", 16);
        var siloCount = (int)Option(args, "--silos", 2);
        var siloAssembly = Path.GetFullPath(args.SkipWhile(a => a != "--silo").Skip(1).First());
        Console.WriteLine($"Starting Azurite (Table and Queue services apart{(args.Contains("--persist") ? ", tables on disk" : "")}) and {siloCount} silos...");
        // Each client, and the feature checks, with a key of its own: one key for all would meet the per-key rate limit,
        // which is for one integration, not for sixteen.
        var keys = Enumerable.Range(0, clientCount).Select(i => $"load-{i}").Append("probe").Select(name => (name, $"{name}-key")).ToList();
        await using var cluster = await LoadCluster.StartAsync(siloCount, siloAssembly, args.Contains("--persist"), keys);
        Console.WriteLine($"Silos: {string.Join(", ", cluster.Silos)}; their logs in {cluster.LogFolder}");
        var https = cluster.Silos.Select(Client).ToList();
        var logsAtStart = cluster.LogBytes;

        var arrivals = new ConcurrentDictionary<string, long>();
        using var feedStop = new CancellationTokenSource();
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var feed = LiveFeedReader.ReadAsync(Client(cluster.Silos[0]), arrivals, subscribed, feedStop.Token);
        await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var run = Guid.NewGuid().ToString("N")[..6];
        var minutes = new LoadMinutes();
        var clients = Enumerable.Range(0, clientCount).Select(i => new CheckoutClient(Client(cluster.Silos[i % cluster.Silos.Count], keys[i].Item2), run, i, minutes)).ToList();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutesToRun));
        Console.WriteLine($"{clientCount} clients, create + place + pay, for {minutesToRun} minutes (run {run})...");
        var monitor = Monitor(https[0], cluster, minutes, logsAtStart, stop.Token);
        var probe = new RawInsertProbe(cluster.StorageConnectionString).RunAsync(minutes, stop.Token);
        var checks = new FeatureChecks(Client(cluster.Silos[^1], keys[^1].Item2), run);
        var checking = checks.RunAsync(stop.Token);
        await Task.WhenAll(clients.Select(c => c.RunAsync(stop.Token)));
        await monitor;
        await probe;
        var loadEnded = Stopwatch.StartNew();
        // The checks finish their round (a second or two) inside the five seconds the views have to catch up.
        await checking;
        foreach (var broken in checks.Broken.Take(20))
        {
            Console.WriteLine($"feature check broken: {broken}");
        }

        var catchUp = await CatchUp(https[0], clients, checks.Created);
        var catchUpTime = loadEnded.Elapsed;
        Console.WriteLine($"Views complete {catchUpTime.TotalSeconds:0.0} s after the load stopped: {catchUp}");
        await WaitForFeed(minutes, arrivals);
        var half = await HalfThroughput(https, run, minutes, arrivals);
        await feedStop.CancelAsync();
        await feed;
        await Settled(https[0]);
        var verify = await Verify(https[0]);
        var logBytes = cluster.LogBytes - logsAtStart;

        var report = LoadReport.Build(minutes, arrivals, clients, catchUpTime <= s_catchUpGoal ? null : catchUpTime, catchUp,
            verify, logBytes, half, checks, clientCount, siloCount);
        await report.WriteAsync();
        return 0;
    }

    /// <summary>
    /// Folds the whole log and compares every view (<c>/api/admin/verify</c>); null when it did not answer (it folds every
    /// event in one grain call, which tens of thousands of orders can take past the call timeout).
    /// </summary>
    private static async Task<JsonNode?> Verify(HttpClient http)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var response = await http.GetAsync("/api/admin/verify");
            if (response.IsSuccessStatusCode)
            {
                var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                foreach (var difference in report["differences"]!.AsArray().Take(20))
                {
                    Console.WriteLine($"verify: {difference!["projection"]} order {difference["orderId"]} key {difference["key"]}: " +
                        $"expected v{difference["expected"]?["version"]} {difference["expectedFigures"]}, held v{difference["actual"]?["version"]} {difference["actualFigures"]}");
                }
                return report;
            }
            Console.WriteLine($"verify answered {(int)response.StatusCode}; attempt {attempt} of 3");
        }
        return null;
    }

    /// <summary>
    /// Waits (at most a minute) until no projection has an event on the way, so verify compares settled views: the last
    /// commands of the half-throughput minute may still be on their way to the slowest view.
    /// </summary>
    private static async Task Settled(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            var projections = JsonNode.Parse(await http.GetStringAsync("/api/projections"))!.AsArray();
            if (projections.All(p => p!["lag"]!["eventsBehind"]!.GetValue<long>() == 0))
            {
                // The figure is reported once a second: one more second covers a report taken before the last events.
                await Task.Delay(TimeSpan.FromSeconds(2));
                return;
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Every five seconds: the service's own lag figure (cluster-wide) and the silos' log bytes.</summary>
    private static async Task Monitor(HttpClient http, LoadCluster cluster, LoadMinutes minutes, long logsAtStart, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var status = JsonNode.Parse(await http.GetStringAsync("/api/projections/order-list", stop))!;
                var lag = status["lag"]!;
                minutes.Observed(lag["eventsBehind"]!.GetValue<long>(), lag["oldestBehindMs"]!.GetValue<double>(), cluster.LogBytes - logsAtStart);
                var figures = minutes.All.LastOrDefault().Figures;
                Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} minute {minutes.Current + 1}: {figures?.Orders} orders, {status["state"]}, " +
                    $"{lag["eventsBehind"]} events behind (oldest {lag["oldestBehindMs"]} ms), logs {(cluster.LogBytes - logsAtStart) / 1024} KiB");
                await Task.Delay(TimeSpan.FromSeconds(5), stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (HttpRequestException ex)
            {
                Console.WriteLine($"projections: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// Polls the list, analytics and every customer until they show every order the clients (and the feature checks,
    /// <paramref name="checkOrders"/> orders, none left paid) created; a minute at most.
    /// </summary>
    private static async Task<string> CatchUp(HttpClient http, List<CheckoutClient> clients, int checkOrders)
    {
        var created = clients.Sum(c => c.Created) + checkOrders;
        var paid = clients.Sum(c => c.Paid);
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            var list = JsonNode.Parse(await http.GetStringAsync("/api/orders?pageSize=1"))!["totalCount"]!.GetValue<int>();
            var listPaid = JsonNode.Parse(await http.GetStringAsync("/api/orders?status=Paid&pageSize=1"))!["totalCount"]!.GetValue<int>();
            var analytics = JsonNode.Parse(await http.GetStringAsync("/api/analytics/summary"))!["totalOrders"]!.GetValue<int>();
            var customersRight = 0;
            foreach (var client in clients)
            {
                var customer = JsonNode.Parse(await http.GetStringAsync($"/api/customers/{client.CustomerId}"))!;
                if (customer["orderCount"]!.GetValue<int>() == client.Created && customer["paidCount"]!.GetValue<int>() == client.Paid)
                {
                    customersRight++;
                }
            }
            last = $"list {list}/{created} orders ({listPaid}/{paid} paid), analytics {analytics}/{created}, customers right {customersRight}/{clients.Count}";
            if (list == created && listPaid == paid && analytics == created && customersRight == clients.Count)
            {
                return last;
            }
            await Task.Delay(200);
        }
        return "NOT CAUGHT UP after a minute: " + last;
    }

    /// <summary>Waits (at most a minute) until every answered command's event has been seen on the live feed, then sets the lags.</summary>
    private static async Task WaitForFeed(LoadMinutes minutes, ConcurrentDictionary<string, long> arrivals)
    {
        var clock = Stopwatch.StartNew();
        while (minutes.Answers.Any(a => !arrivals.ContainsKey(a.Key)) && clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(200);
        }
        foreach (var (index, figures) in minutes.All)
        {
            var answers = minutes.Answers.Where(a => a.Minute == index).ToList();
            figures.LagsMissing = answers.Count(a => !arrivals.ContainsKey(a.Key));
            figures.Lags = new Latencies(answers.Where(a => arrivals.ContainsKey(a.Key))
                .Select(a => Math.Max(0, Stopwatch.GetElapsedTime(a.AnsweredAt, arrivals[a.Key]).TotalMilliseconds)));
        }
    }

    /// <summary>A minute of commands paced at half the last minute's rate, as the issue's "half of the sustained throughput".</summary>
    private static async Task<HalfLoad> HalfThroughput(List<HttpClient> https, string run, LoadMinutes minutes, ConcurrentDictionary<string, long> arrivals)
    {
        var full = minutes.All.Where(m => m.Figures.Latencies.Count > 0).ToList();
        var lastFull = full.Count > 1 ? full[^2].Figures : full[^1].Figures;
        var rate = lastFull.Latencies.Count / 60.0 / 2;
        var half = new LoadMinutes();
        var client = new CheckoutClient(https[0], run + "h", 0, half);
        Console.WriteLine($"Half throughput: {rate:0} commands/s for a minute...");
        var ready = new ConcurrentQueue<(string OrderId, int Step)>();
        var created = 0;
        await LoadRun.PacedAsync(rate, TimeSpan.FromMinutes(1), maxInFlight: 64, async i =>
        {
            var (orderId, step) = ready.TryDequeue(out var next) ? next : ($"{run}-half-{i}", 0);
            if (!await client.StepAsync(orderId, step))
            {
                return;
            }
            if (step == 0)
            {
                Interlocked.Increment(ref created);
            }
            if (step < 2)
            {
                ready.Enqueue((orderId, step + 1));
            }
        });
        await WaitForFeed(half, arrivals);
        var lags = new Latencies(half.All.SelectMany(m => m.Figures.Lags.Values));
        return new HalfLoad(rate, lags, half.All.Sum(m => m.Figures.LagsMissing), created);
    }

    private static HttpClient Client(Uri silo) => Client(silo, DevelopmentKey);

    private static HttpClient Client(Uri silo, string key)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = silo,
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return value is null ? fallback : double.Parse(value, CultureInfo.InvariantCulture);
    }
}

public sealed record HalfLoad(double CommandsPerSecond, Latencies Lags, int Missing, int Created);
