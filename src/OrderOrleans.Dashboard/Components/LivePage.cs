using Microsoft.AspNetCore.Components;
using OrderOrleans.Contracts.Projections;

namespace OrderOrleans.Dashboard.Components;

/// <summary>
/// A page that follows the live feed: it joins once interactive (events before that would have no circuit to go to)
/// and leaves when the page goes, so a closed page never receives another event.
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    [Inject] private LiveEvents Live { get; set; } = null!;

    /// <summary>Called on the Orleans client's thread: marshal to the page with InvokeAsync.</summary>
    protected abstract Task OnEvent(FeedEvent item);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            Live.Received += OnEvent;
            await Live.StartAsync();
        }
    }

    public void Dispose()
    {
        Live.Received -= OnEvent;
        GC.SuppressFinalize(this);
    }
}
