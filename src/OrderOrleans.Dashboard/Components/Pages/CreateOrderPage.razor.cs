using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrderOrleans.Dashboard.Components.Widgets;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Components.Pages;

/// <summary>Creates an order with its customer, currency, optional shipping address and first items, in one command.</summary>
public sealed partial class CreateOrderPage
{
    private static readonly string[] s_currencies = ["USD", "EUR", "GBP", "CHF", "JPY"];
    private readonly List<CommandValues> _lines = [new()];
    private readonly AddressValues _address = new();
    private MudForm? _form;
    private bool _valid;
    private bool _busy;
    private bool _withAddress;
    private string? _customerId;
    private string? _orderId;
    private string _currency = "USD";

    [Inject] private OrderCommands Commands { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    private static string? ValidateOptionalKey(string? value) => string.IsNullOrWhiteSpace(value) ? null : CommandValues.ValidateKey(value);

    private async Task Create()
    {
        await _form!.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }
        _busy = true;
        try
        {
            var orderId = string.IsNullOrWhiteSpace(_orderId) ? OrderKeys.NewOrderId() : _orderId.Trim();
            var address = _withAddress ? new Address(_address.Line1!, null, _address.City!, _address.PostalCode, _address.Country!, _address.Recipient) : null;
            var items = _lines.Select(l => new OrderLine(l.ProductId!.Trim(), l.Name, l.Quantity, l.Amount)).ToArray();
            var result = await Commands.Send(orderId, c => new CreateOrder(_customerId!.Trim(), _currency, address, items) { Context = c }, null);
            if (result.Error is { } error)
            {
                Snackbar.Add(OrderCommands.Describe(error), Severity.Error);
                return;
            }
            Snackbar.Add($"Order {orderId} created.", Severity.Success);
            Navigation.NavigateTo($"orders/{orderId}");
        }
        catch (Exception ex) when (ClusterFailures.IsTransient(ex))
        {
            Snackbar.Add($"The cluster did not answer: {ex.Message}", Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private sealed class AddressValues
    {
        public string? Line1 { get; set; }
        public string? City { get; set; }
        public string? PostalCode { get; set; }
        public string? Country { get; set; }
        public string? Recipient { get; set; }
    }
}
