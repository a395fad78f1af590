using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Dashboard.Components.Widgets;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Components.Pages;

/// <summary>One order: its state, the commands its state allows, its events, and time travel; live as it changes.</summary>
public sealed partial class OrderDetailPage
{
    private OrderView? _order;
    private OrderView? _then;
    private IReadOnlyList<StoredEvent> _events = [];
    private bool _loading = true;
    private bool _busy;
    private PendingCommand? _pending;
    private bool _notApplied;
    private ElementReference _status;
    private TimeTravel? _travel;

    [Parameter] public string OrderId { get; set; } = "";

    [Inject] private IGrainFactory Grains { get; set; } = null!;
    [Inject] private OrderCommands Commands { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    private IOrderGrain Order => Grains.Order(OrderId);

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        await Reload();
        _loading = false;
    }

    /// <summary>Loads the order and its events; false when the cluster or storage did not answer (the user is told).</summary>
    private async Task<bool> Reload()
    {
        if (!OrderKeys.IsValid(OrderId))
        {
            _order = null;
            return true;
        }
        try
        {
            _order = await Order.GetOrder();
            _events = await Order.GetEvents(1, 1000) ?? [];
            if (_pending is { } pending && _events.FirstOrDefault(e => e.CommandId == pending.CommandId) is { } landed)
            {
                _pending = null;
                Snackbar.Add($"{pending.What}: done (version {landed.Version}).", Severity.Success);
            }
            return true;
        }
        catch (Exception ex) when (ClusterFailures.IsTransient(ex))
        {
            Snackbar.Add($"The order could not be loaded: {ex.Message}", Severity.Error);
            return false;
        }
    }

    private async Task<OrderView?> LoadAt(int version) => (await Order.GetHistory(version, null)).Value;

    /// <summary>The order as the page shows it: as it was at the version time travel chose, else as it is.</summary>
    private OrderView Shown => _then is { } then && then.Version < _order!.Version ? then : _order!;

    private void Show(OrderView? then) => _then = then;

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
        if (await dialog.Result is { Canceled: false })
        {
            await FocusResult();
        }
    }

    private async Task Place()
    {
        await Send(c => new PlaceOrder { Context = c }, "Place order");
        await FocusResult();
    }

    private async Task Remove(string productId)
    {
        await Send(c => new RemoveItem(productId) { Context = c }, $"Remove {productId}");
        await FocusResult();
    }

    /// <summary>After a command, focus moves to the order's status (its buttons may be gone), so keyboard users stay in place.</summary>
    private async Task FocusResult()
    {
        if (_order is not null)
        {
            await _status.FocusAsync();
        }
    }

    /// <summary>
    /// Sends a command and reloads; the reason it was refused, or null when it was done or may still complete (a
    /// timeout: the page then says so and offers to check rather than inviting a second, different command).
    /// </summary>
    private async Task<string?> Send(Func<CommandContext, OrderCommand> command, string what, PendingCommand? again = null)
    {
        _busy = true;
        var sent = again ?? PendingCommand.New(OrderId, what, command, _order?.Version);
        string? refusal = null;
        try
        {
            var result = await Commands.Send(OrderId, command, sent.ExpectedVersion, sent.CommandId);
            (_pending, _notApplied) = (null, false);
            if (result.Error is { Kind: ErrorKind.Unavailable })
            {
                _pending = sent;
            }
            else if (result.Error is { } error)
            {
                refusal = OrderCommands.Describe(error);
                Snackbar.Add($"{what}: {refusal}", Severity.Error);
            }
            else
            {
                Snackbar.Add($"{what}: done (version {result.Order!.Version}).", Severity.Success);
            }
            if (_pending is null)
            {
                await Reload();
            }
        }
        catch (Exception ex) when (ex is TimeoutException or EventStoreUnavailableException)
        {
            _pending = sent;
        }
        catch (OrleansException ex)
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

    /// <summary>Looks in the order's events for the pending command: done if it landed, else says so and offers to send it again.</summary>
    private async Task Check()
    {
        _busy = true;
        _notApplied = await Reload() && _pending is not null;
        _busy = false;
    }

    private async Task SendAgain()
    {
        if (_pending is { } pending)
        {
            await Send(pending.Command, pending.What, pending);
        }
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
        ? EventSummary.OneLine(a)
        : order.PersonalDataErased ? "erased (the customer's personal data was erased)" : "no address given";
}
