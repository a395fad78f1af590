using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Drops the traces that Orleans grain timers start on their own, above all the queue stream's pulling agents, which
/// poll every few milliseconds and would otherwise bury every real trace. Timer work inside a traced call is kept.
/// </summary>
public sealed class QuietPollingSampler : Sampler
{
    private const string TimerCallback = "IGrainTimerInvoker/InvokeCallbackAsync";

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default && samplingParameters.Name.Contains(TimerCallback, StringComparison.Ordinal)
            ? new SamplingResult(SamplingDecision.Drop)
            : new SamplingResult(SamplingDecision.RecordAndSample);
}
