using System.Diagnostics.Metrics;

namespace OrderOrleans.Grains.Orders;

/// <summary>The service's own instruments, on the <c>OrderOrleans</c> meter (exported by ServiceDefaults).</summary>
public static class OrderMetrics
{
    public const string MeterName = "OrderOrleans";

    private static readonly Meter s_meter = new(MeterName);

    public static readonly Counter<long> Commands =
        s_meter.CreateCounter<long>("orderorleans.commands", "{command}", "Commands decided, by command and outcome.");

    public static readonly Counter<long> EventsAppended =
        s_meter.CreateCounter<long>("orderorleans.events.appended", "{event}", "Events appended to the order event log.");

    public static readonly Counter<long> Conflicts =
        s_meter.CreateCounter<long>("orderorleans.conflicts", "{conflict}", "Appends refused because the log had moved on.");

    public static void Command(string command, string outcome) =>
        Commands.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("outcome", outcome));
}
