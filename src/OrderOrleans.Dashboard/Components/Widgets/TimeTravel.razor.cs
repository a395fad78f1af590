using Microsoft.AspNetCore.Components;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Domain;

namespace OrderOrleans.Dashboard.Components.Widgets;

/// <summary>A slider over an order's versions: shows the order as it was at each, and the event that made it so.</summary>
public sealed partial class TimeTravel
{
    private int _at;
    private int _end;
    private OrderView? _then;

    /// <summary>The order's current version: the slider's end.</summary>
    [Parameter, EditorRequired] public int Version { get; set; }

    /// <summary>The audit trail, to say what changed at each version.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<StoredEvent> Events { get; set; } = [];

    /// <summary>Loads the order as it was at a version (the order grain's history).</summary>
    [Parameter, EditorRequired] public Func<int, Task<OrderView?>> LoadAt { get; set; } = null!;

    /// <summary>Told the order as it was after each move, so the page can show all of it at that version.</summary>
    [Parameter] public EventCallback<OrderView?> OnShown { get; set; }

    internal StoredEvent? Changed => _then is null ? null : Events.FirstOrDefault(e => e.Version == _then.Version);

    /// <summary>Follows the newest version while the user watches the present; stays put once they travel back.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (Version == _end)
        {
            return;
        }
        var following = _at == _end;
        _end = Version;
        if (Version >= 1 && (following || _at > Version))
        {
            await Travel(Version);
        }
    }

    private Task Slide(ChangeEventArgs e) =>
        int.TryParse(e.Value?.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var version) ? Travel(version) : Task.CompletedTask;

    internal async Task Travel(int version)
    {
        _at = Math.Clamp(version, 1, Math.Max(Version, 1));
        _then = await LoadAt(_at);
        await OnShown.InvokeAsync(_then);
    }
}
