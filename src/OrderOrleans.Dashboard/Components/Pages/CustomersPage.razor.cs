using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Components.Pages;

/// <summary>A customer by id: their figures and their orders.</summary>
public sealed partial class CustomersPage
{
    private string? _search;
    private CustomerStats? _stats;
    private IReadOnlyList<OrderSummary> _orders = [];

    [Inject] private IGrainFactory Grains { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "id")] public string? Id { get; set; }

    protected override Task OnParametersSetAsync()
    {
        _search = Id;
        return string.IsNullOrWhiteSpace(Id) ? Task.CompletedTask : Find();
    }

    private async Task Find()
    {
        var id = _search?.Trim();
        if (!OrderKeys.IsValid(id))
        {
            Snackbar.Add($"A customer id is {OrderKeys.Rule}.", Severity.Warning);
            return;
        }
        var reader = Grains.GetGrain<IReadModelGrain>(0);
        await ClusterFailures.TryLoad(Snackbar, "The customer", async () =>
        {
            _stats = await reader.GetCustomerStats(id!);
            _orders = (await reader.ListOrders(new OrderListQuery(null, id, null, null, 0), 1, 100)).Items;
        });
    }
}
