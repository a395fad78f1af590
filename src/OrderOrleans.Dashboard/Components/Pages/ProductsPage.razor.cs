using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Dashboard.Components.Pages;

/// <summary>The product view's top products, refreshed (at most once a second) as events arrive.</summary>
public sealed partial class ProductsPage
{
    private const int Top = 50;
    private IReadOnlyList<ProductView>? _products;
    private ProductSort _sort = ProductSort.Units;
    private readonly ReloadThrottle _reloads = new(TimeSpan.FromSeconds(1));

    [Inject] private IGrainFactory Grains { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    protected override Task OnInitializedAsync() => Load();

    private async Task SortBy(ProductSort sort)
    {
        _sort = sort;
        await Load();
    }

    private async Task Load()
    {
        if (await ClusterFailures.TryLoad(Snackbar, "Products", async () => _products = await Grains.Grain<IReadModelGrain>(0).ListProducts(_sort, Top)))
        {
            _reloads.Reloaded();
        }
    }

    private static string Revenue(ProductView product) => product.Revenue.Count == 0
        ? "–"
        : string.Join(", ", product.Revenue.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Value.ToString("N2", CultureInfo.InvariantCulture)} {r.Key}"));

    protected override Task OnEvent(FeedEvent item) => InvokeAsync(() => _reloads.Request(async () =>
    {
        await Load();
        StateHasChanged();
    }));
}
