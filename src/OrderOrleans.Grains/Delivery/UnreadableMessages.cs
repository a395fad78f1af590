using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.AzureQueue;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace OrderOrleans.Grains.Delivery;

/// <summary>
/// Reads the <c>orders</c> stream's queue messages with Orleans' own adapter, but one that cannot be read (corrupt, or
/// written by a release that is gone) becomes an empty batch on a stream no one consumes: the pulling agent counts it
/// delivered and deletes it. Otherwise its exception fails the agent's whole read, and every message read with it
/// waits out the visibility timeout, again and again (dotnet/orleans#7807). Each one is logged (bounded) and counted
/// (<c>orderorleans.stream.unreadable</c>); the log still holds every change, so nothing a view needs is lost with it.
/// </summary>
public sealed partial class UnreadableMessages(AzureQueueDataAdapterV2 inner, ILogger<UnreadableMessages> logger) : IQueueDataAdapter<string, IBatchContainer>
{
    /// <summary>Where an unreadable message goes: no grain subscribes to this namespace.</summary>
    public static readonly StreamId Quarantine = StreamId.Create("order-shards-unreadable", "unreadable");

    private static readonly LogThrottle s_log = new(TimeSpan.FromSeconds(10));

    public string ToQueueMessage<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
        inner.ToQueueMessage(streamId, events, token, requestContext);

    public IBatchContainer FromQueueMessage(string cloudMsg, long sequenceId)
    {
        try
        {
            return inner.FromQueueMessage(cloudMsg, sequenceId);
        }
        catch (Exception ex)
        {
            ServiceMetrics.UnreadableStreamMessages.Add(1);
            if (s_log.ShouldLog(out var count))
            {
                Dropped(logger, count, ex.GetType().Name, ex.Message, cloudMsg.Length > 200 ? cloudMsg[..200] : cloudMsg);
            }
            return new Unreadable(new EventSequenceTokenV2(sequenceId));
        }
    }

    [LoggerMessage(1, LogLevel.Error, "{Count} stream queue message(s) could not be read and were dropped (the event log keeps every change; verify?repair mends a view that missed one). Last: {ErrorType}: {Error}; it began: {Message}")]
    private static partial void Dropped(ILogger logger, long count, string errorType, string error, string message);

    [GenerateSerializer, Immutable, Alias("UnreadableStreamMessage")]
    public sealed class Unreadable(EventSequenceTokenV2 token) : IBatchContainer
    {
        public StreamId StreamId => Quarantine;

        [Id(0)]
        public StreamSequenceToken SequenceToken { get; } = token;

        public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() => [];

        public bool ImportRequestContext() => false;
    }
}
