using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Dashboard.Components.Pages;

/// <summary>Every event as the projections apply it, newest first; filterable and pausable.</summary>
public sealed partial class LiveEventsPage
{
    private const int Keep = 200;
    private readonly List<FeedEvent> _events = [];
    private string? _filter;
    private bool _paused;
    private int _missed;


    private IEnumerable<FeedEvent> Shown => string.IsNullOrWhiteSpace(_filter)
        ? _events
        : _events.Where(e => e.Envelope.OrderId.Contains(_filter, StringComparison.OrdinalIgnoreCase)
            || e.CustomerId.Contains(_filter, StringComparison.OrdinalIgnoreCase)
            || e.Envelope.Type.Contains(_filter, StringComparison.OrdinalIgnoreCase));

    protected override Task OnEvent(FeedEvent item) => InvokeAsync(() =>
    {
        if (_paused)
        {
            _missed++;
            return;
        }
        _missed = 0;
        _events.Insert(0, item);
        if (_events.Count > Keep)
        {
            _events.RemoveAt(Keep);
        }
        StateHasChanged();
    });
}
