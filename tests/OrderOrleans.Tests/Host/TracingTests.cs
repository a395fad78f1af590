using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace OrderOrleans.Tests.Host;

public class TracingTests
{
    private static SamplingDecision Decide(string name, ActivityContext parent = default) =>
        new QuietPollingSampler().ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), name, ActivityKind.Internal)).Decision;

    [Fact]
    public void Grain_timer_polls_that_start_their_own_trace_are_dropped() =>
        Decide("silo: IGrainTimerInvoker/InvokeCallbackAsync").ShouldBe(SamplingDecision.Drop);

    [Fact]
    public void Commands_and_timer_work_inside_a_trace_are_kept()
    {
        Decide("OrderOrleans.Contracts.Orders.IOrderGrain/Execute").ShouldBe(SamplingDecision.RecordAndSample);
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        Decide("IGrainTimerInvoker/InvokeCallbackAsync", parent).ShouldBe(SamplingDecision.RecordAndSample);
    }
}
