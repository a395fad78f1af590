using Microsoft.Extensions.Logging;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Grains.Projections.Tallies;

namespace OrderOrleans.Grains.Projections.Analytics;

/// <summary>One shard of the analytics (projection <c>analytics</c>): its orders by status and by day, all held in memory.</summary>
[ImplicitStreamSubscription(OrderStreams.Namespace)]
public sealed class AnalyticsShardGrain(TallyServices services, ILogger<AnalyticsShardGrain> logger)
    : TallyShardGrain<AnalyticsTally>(services, logger), IAnalyticsShardGrain
{
    private static readonly LogThrottle s_storeFailures = new(TimeSpan.FromSeconds(10));

    protected override string Name => ProjectionNames.Analytics;

    protected override bool HoldsAllTallies => true;

    protected override bool TakesTurns => true;

    protected override LogThrottle StoreFailures => s_storeFailures;

    protected override IEnumerable<(string Key, AnalyticsTally Contribution)> Contribute(OrderFacts order) => AnalyticsTally.Of(order.Summary);

    protected override AnalyticsTally Empty(string key) => new(key);

    public Task<AnalyticsSummary> GetFigures(DateOnly? firstDay, DateOnly? lastDay)
    {
        var byStatus = new List<StatusFigures>();
        var byDay = new List<DayFigures>();
        foreach (var tally in AllTallies)
        {
            var (status, day) = tally.ToFigures();
            if (status is { Orders: not 0 })
            {
                byStatus.Add(status);
            }
            else if (day is not null && (firstDay is null || day.Date >= firstDay) && (lastDay is null || day.Date <= lastDay) && !day.IsEmpty)
            {
                byDay.Add(day);
            }
        }
        return Task.FromResult(new AnalyticsSummary(byStatus.Sum(s => s.Orders), byStatus, byDay));
    }
}
