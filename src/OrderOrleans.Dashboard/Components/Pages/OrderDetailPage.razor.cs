using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Dashboard.Components.Widgets;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Components.Pages;

/// <summary>One order: its state, the commands its state allows, its events, and time travel; live as it changes.</summary>
public sealed partial class OrderDetailPage
{
    private OrderView? _order;
    private IReadOnlyList<StoredEvent> _events = [];
    private bool _loading = true;
    private bool _busy;

    [Parameter] public string OrderId { get; set; } = "";

    [Inject] private IGrainFactory Grains { get; set; } = null!;
    [Inject] private OrderCommands Commands { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    private IOrderGrain Order => Grains.GetGrain<IOrderGrain>(OrderId);

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        await Reload();
        _loading = false;
    }

    private async Task Reload()
    {
        if (!OrderKeys.IsValid(OrderId))
        {
            _order = null;
            return;
        }
        try
        {
            _order = await Order.GetOrder();
            _events = await Order.GetEvents(1, 1000) ?? [];
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            Snackbar.Add($"The order could not be loaded: {ex.Message}", Severity.Error);
        }
    }

    private async Task<OrderView?> LoadAt(int version) => (await Order.GetHistory(version, null)).Value;

    private async Task Open(CommandKind kind)
    {
        var parameters = new DialogParameters<CommandDialog> { { d => d.Kind, kind } };
        if (kind == CommandKind.Pay && _order is { } order)
        {
            parameters.Add(d => d.Values, new CommandValues { Amount = order.Total - order.AmountPaid });
        }
        // The dialog sends the command itself: a refusal is shown in it, with what was typed still there to correct.
        parameters.Add(d => d.Send, command => Send(command, kind.Verb()));
        var dialog = await Dialogs.ShowAsync<CommandDialog>($"{kind.Verb()} · {OrderId}", parameters, CommandDialog.Options);
        await dialog.Result;
    }

    private Task<string?> Place() => Send(c => new PlaceOrder { Context = c }, "Place order");

    private Task<string?> Remove(string productId) => Send(c => new RemoveItem(productId) { Context = c }, $"Remove {productId}");

    /// <summary>Sends a command and reloads; the reason it was refused, or null when it was done (also said in a snackbar).</summary>
    private async Task<string?> Send(Func<CommandContext, OrderCommand> command, string what)
    {
        _busy = true;
        string? refusal = null;
        try
        {
            var result = await Commands.Send(OrderId, command, _order?.Version);
            if (result.Error is { } error)
            {
                refusal = OrderCommands.Describe(error);
                Snackbar.Add($"{what}: {refusal}", error.Kind == ErrorKind.Unavailable ? Severity.Warning : Severity.Error);
            }
            else
            {
                Snackbar.Add($"{what}: done (version {result.Order!.Version}).", Severity.Success);
            }
            await Reload();
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            refusal = $"the cluster did not answer ({ex.Message}).";
            Snackbar.Add($"{what}: {refusal}", Severity.Error);
        }
        finally
        {
            _busy = false;
            StateHasChanged();
        }
        return refusal;
    }

    protected override Task OnEvent(FeedEvent item) => item.Envelope.OrderId != OrderId || item.Envelope.Version <= (_order?.Version ?? 0)
        ? Task.CompletedTask
        : InvokeAsync(async () =>
        {
            await Reload();
            StateHasChanged();
        });

    /// <summary>The address on one line; "erased" once the customer's personal data was erased.</summary>
    private static string ShipTo(OrderView order) => order.ShippingAddress is { } a
        ? string.Join(", ", new[] { a.Recipient, a.Line1, a.Line2, a.PostalCode, a.City, a.Country }.Where(p => !string.IsNullOrWhiteSpace(p)))
        : order.PersonalDataErased ? "erased (the customer's personal data was erased)" : "no address given";
}
