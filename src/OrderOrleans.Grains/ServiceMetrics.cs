using System.Diagnostics.Metrics;

namespace OrderOrleans.Grains;

/// <summary>The service's own instruments, on the <c>OrderOrleans</c> meter (exported by ServiceDefaults).</summary>
public static class ServiceMetrics
{
    public const string MeterName = "OrderOrleans";

    private static readonly Meter s_meter = new(MeterName);

    public static readonly Counter<long> Commands =
        s_meter.CreateCounter<long>("orderorleans.commands", "{command}", "Commands decided, by command and outcome.");

    public static readonly Counter<long> EventsAppended =
        s_meter.CreateCounter<long>("orderorleans.events.appended", "{event}", "Events appended to the order event log.");

    public static readonly Counter<long> Conflicts =
        s_meter.CreateCounter<long>("orderorleans.conflicts", "{conflict}", "Appends refused because the log had moved on.");

    public static readonly Histogram<double> ProjectionLag =
        s_meter.CreateHistogram<double>("orderorleans.projection.lag", "ms", "Time from an event's append to its application by a projection.");

    public static readonly Counter<long> ProjectionEvents =
        s_meter.CreateCounter<long>("orderorleans.projection.events", "{event}", "Events a projection received, by outcome (applied, duplicate, dead-letter).");

    public static readonly Counter<long> UnreadableStreamMessages =
        s_meter.CreateCounter<long>("orderorleans.stream.unreadable", "{message}", "Stream queue messages that could not be read and were dropped.");

    /// <summary>Observes a silo publisher's backlog: events appended on it and not yet stored by the views.</summary>
    public static void ObserveDeliveryBacklog(Func<long> events, Func<double> oldestAgeMs)
    {
        s_meter.CreateObservableGauge("orderorleans.delivery.backlog", events, "{event}", "Events appended on this silo and not yet stored by the views.");
        s_meter.CreateObservableGauge("orderorleans.delivery.oldest_age", oldestAgeMs, "ms", "Age of the oldest event appended on this silo and not yet stored by the views.");
    }

    public static readonly Histogram<double> CommandDuration =
        s_meter.CreateHistogram<double>("orderorleans.command.duration", "ms", "Time an order grain takes to answer a command, its append included.");

    public static readonly Histogram<double> AppendDuration =
        s_meter.CreateHistogram<double>("orderorleans.append.duration", "ms", "Time to append one command's events to the event log.");

    public static readonly Histogram<double> PublishDuration =
        s_meter.CreateHistogram<double>("orderorleans.publish.duration", "ms", "Time to send one batch of changes to the orders stream.");

    public static readonly Histogram<double> PublishWait =
        s_meter.CreateHistogram<double>("orderorleans.publish.wait", "ms", "Age of a stream message's oldest event (since it was decided) when its send starts: its append and its wait in the silo's publisher.");

    public static readonly Histogram<double> ProjectionStoreDuration =
        s_meter.CreateHistogram<double>("orderorleans.projection.store.duration", "ms", "Time a projection's shard takes to store one group commit, by projection.");

    public static void Command(string command, string outcome) =>
        Commands.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("outcome", outcome));
}
