namespace OrderOrleans.Grains.EventLog;

/// <summary>
/// Azure Table storage's limits, enforced here because Azurite does not enforce them:
/// a batch that passes locally must also pass against a real account.
/// </summary>
public static class EventLogLimits
{
    public const int MaxEntitiesPerBatch = 100;
    public const int MaxBatchBytes = 4 * 1024 * 1024;
    public const int MaxStringPropertyBytes = 64 * 1024;
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>Events per append: one transaction's worth.</summary>
    public const int MaxEventsPerAppend = MaxEntitiesPerBatch;

    /// <summary>Null when the rows fit one entity-group transaction, else why not.</summary>
    public static string? Check(IReadOnlyList<EventRow> rows)
    {
        if (rows.Count > MaxEventsPerAppend)
        {
            return $"An append holds at most {MaxEventsPerAppend} events (Azure allows {MaxEntitiesPerBatch} entities per transaction); this one has {rows.Count}.";
        }
        var batchBytes = 0L;
        foreach (var row in rows)
        {
            if (row.Data.Length * 2 > MaxStringPropertyBytes)
            {
                return $"Event {row.Version} ({row.Type}) is {row.Data.Length * 2} bytes of data; Azure allows {MaxStringPropertyBytes} bytes per string property.";
            }
            var size = row.SizeInBytes;
            if (size > MaxEntityBytes)
            {
                return $"Event {row.Version} ({row.Type}) is {size} bytes; Azure allows {MaxEntityBytes} bytes per entity.";
            }
            batchBytes += size;
        }
        return batchBytes > MaxBatchBytes
            ? $"The append is {batchBytes} bytes; Azure allows {MaxBatchBytes} bytes per transaction."
            : null;
    }
}

/// <summary>An append that Azure Table storage would refuse for its size.</summary>
[GenerateSerializer, Alias("EventLogLimitException")]
public sealed class EventLogLimitException(string message) : Exception(message);
