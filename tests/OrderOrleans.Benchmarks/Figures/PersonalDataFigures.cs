using OrderOrleans.Benchmarks.Load;

namespace OrderOrleans.Benchmarks.Figures;

/// <summary>
/// Figure 8: checkouts (create with one item, place, pay) over HTTP whose orders carry a shipping address, sealed under
/// their customer's data key, against the same checkouts without one, at concurrency 8 in the same run. Orders share
/// 40 customers, as repeat customers do, so the figure weighs sealing rather than a new key per order.
/// </summary>
public static class PersonalDataFigures
{
    private const int Concurrency = 8;
    private const int Customers = 40;

    private static readonly object s_address = new { line1 = "1 Main Street", city = "Springfield", postalCode = "12345", country = "US", recipient = "A. Customer" };

    public static async Task RunAsync(BenchHost host, Profile profile, List<Figure> figures)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var perWorker = 3 * 20 * profile.Scale;
        Task<LoadResult> Measure(string tag, bool personal) => LoadRun.ClosedAsync(Concurrency, perWorker, profile.RunLimit, (w, i) =>
            OrderCalls.HttpCheckoutStep(host.Http, $"{run}-{tag}-{w}-{i / 3}", i % 3, $"{run}-c{(w * perWorker + i) / 3 % Customers}", personal ? s_address : null));

        // Unmeasured first: warms both paths and creates every customer's key.
        await Measure("warm-p", personal: true);
        await Measure("warm", personal: false);
        await host.DrainAsync();
        var before = await Measure("plain", personal: false);
        await host.DrainAsync();
        var sealedRun = await Measure("personal", personal: true);
        await host.DrainAsync();
        var after = await Measure("plain2", personal: false);
        await host.DrainAsync();
        var plain = (before.PerSecond + after.PerSecond) / 2 / 3;
        figures.Add(Figure.AtLeast($"orders/s with a shipping address (sealed) over HTTP, concurrency {Concurrency} (baseline: the same without)",
            sealedRun.PerSecond / 3, "orders/s", plain, 0.9));
        Console.WriteLine($"personal data: {sealedRun.PerSecond / 3:F1} orders/s with an address, {plain:F1} without");
    }
}
