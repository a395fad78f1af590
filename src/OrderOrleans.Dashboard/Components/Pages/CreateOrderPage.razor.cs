using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrderOrleans.Contracts;
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
    private PendingCommand? _pending;
    private bool _notApplied;

    [Inject] private OrderCommands Commands { get; set; } = null!;
    [Inject] private IGrainFactory Grains { get; set; } = null!;
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
        // The values as they are now: a later "Send it again" sends this very command, whatever the form holds then.
        var orderId = string.IsNullOrWhiteSpace(_orderId) ? OrderKeys.NewOrderId() : _orderId.Trim();
        var (customerId, currency) = (_customerId!.Trim(), _currency);
        var address = _withAddress ? new Address(_address.Line1!, null, _address.City!, _address.PostalCode, _address.Country!, _address.Recipient) : null;
        var items = _lines.Select(l => new OrderLine(l.ProductId!.Trim(), l.Name, l.Quantity, l.Amount)).ToArray();
        await Send(PendingCommand.New(orderId, "Create order", c => new CreateOrder(customerId, currency, address, items) { Context = c }, null));
    }

    /// <summary>
    /// Sends the create command; when its answer times out, the order id and command id are kept, so checking and
    /// sending again reach the same order and never create a second one.
    /// </summary>
    private async Task Send(PendingCommand command)
    {
        _busy = true;
        try
        {
            var result = await Commands.Send(command.OrderId, command.Command, command.ExpectedVersion, command.CommandId);
            (_pending, _notApplied) = (null, false);
            if (result.Error is { Kind: ErrorKind.Unavailable })
            {
                _pending = command;
            }
            else if (result.Error is { } error)
            {
                Snackbar.Add(OrderCommands.Describe(error), Severity.Error);
            }
            else
            {
                Created(command.OrderId);
            }
        }
        catch (Exception ex) when (ClusterFailures.IsTransient(ex))
        {
            (_pending, _notApplied) = (command, false);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Looks for the pending command as the order's first event: created if it is there, else sending it again is offered.</summary>
    private async Task Check()
    {
        if (_pending is not { } pending)
        {
            return;
        }
        _busy = true;
        try
        {
            var first = await Grains.Order(pending.OrderId).GetEvents(1, 1);
            if (first is [{ } created] && created.CommandId == pending.CommandId)
            {
                _pending = null;
                Created(pending.OrderId);
            }
            else
            {
                _notApplied = true;
            }
        }
        catch (Exception ex) when (ClusterFailures.IsTransient(ex))
        {
            Snackbar.Add("The check did not get an answer either: storage is still not answering. Try again in a moment.", Severity.Warning);
        }
        finally
        {
            _busy = false;
        }
    }

    private void Created(string orderId)
    {
        Snackbar.Add($"Order {orderId} created.", Severity.Success);
        Navigation.NavigateTo($"orders/{orderId}");
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
