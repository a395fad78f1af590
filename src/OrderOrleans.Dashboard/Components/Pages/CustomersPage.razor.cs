using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Components.Pages;

/// <summary>Customers found by the start of their id, with their figures; one customer (<c>?id=</c>) with their orders.</summary>
public sealed partial class CustomersPage
{
    private const int PageSize = 20;

    private string _prefix = "";
    private List<CustomerStats> _found = [];
    private string? _next;
    private bool _searching = true;
    private CustomerStats? _stats;
    private IReadOnlyList<OrderSummary> _orders = [];

    [Inject] private IGrainFactory Grains { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "id")] public string? Id { get; set; }

    private IReadModelGrain Reader => Grains.Grain<IReadModelGrain>(0);

    protected override async Task OnParametersSetAsync()
    {
        (_stats, _orders) = (null, []);
        if (string.IsNullOrWhiteSpace(Id))
        {
            await Search(_prefix);
        }
        else if (OrderKeys.IsValid(Id))
        {
            await ClusterFailures.TryLoad(Snackbar, "The customer", async () =>
            {
                _stats = await Reader.GetCustomerStats(Id);
                _orders = (await Reader.ListOrders(new OrderListQuery(null, Id, null, null, 0), 1, 100)).Items;
            });
        }
    }

    /// <summary>The first page of customers whose id starts with what was typed (every customer for nothing).</summary>
    private async Task Search(string? prefix)
    {
        _prefix = prefix?.Trim() ?? "";
        _searching = true;
        await ClusterFailures.TryLoad(Snackbar, "Customers", async () =>
        {
            var page = await Reader.ListCustomers(_prefix, null, PageSize);
            (_found, _next) = ([.. page.Items], page.Next);
        });
        _searching = false;
    }

    private async Task More()
    {
        await ClusterFailures.TryLoad(Snackbar, "Customers", async () =>
        {
            var page = await Reader.ListCustomers(_prefix, _next, PageSize);
            _found.AddRange(page.Items);
            _next = page.Next;
        });
    }

    /// <summary>What the typed text can be: the start of an id, so only the characters an id may hold.</summary>
    private string? PrefixError => _prefix.Length == 0 || OrderKeys.IsValid(_prefix.Replace('.', '-')) ? null : $"A customer id is {OrderKeys.Rule}.";

    private static string Value(CustomerStats stats) => stats.LifetimeValue.Count == 0
        ? "0"
        : string.Join(" · ", stats.LifetimeValue.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Value.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)} {v.Key}"));
}
