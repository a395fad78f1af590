using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using OrderOrleans.Contracts;

namespace OrderOrleans.Grains.EventLog;

/// <summary>Turns "storage did not answer" into one exception type the grains and the API understand (HTTP 503).</summary>
public static class StorageCalls
{
    public static async Task<T> Guard<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw new EventStoreUnavailableException($"The event store is unavailable: {ex.Message}", ex);
        }
    }

    /// <summary>Every item of a query, page by page, with each page's request guarded.</summary>
    public static async IAsyncEnumerable<T> Guarded<T>(this AsyncPageable<T> pageable, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : notnull
    {
        await using var pages = pageable.AsPages().GetAsyncEnumerator(cancellationToken);
        while (await Guard(() => pages.MoveNextAsync().AsTask()))
        {
            foreach (var item in pages.Current.Values)
            {
                yield return item;
            }
        }
    }

    public static bool IsUnavailable(Exception ex) => ex switch
    {
        TableTransactionFailedException => false,
        RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500,
        AggregateException a => a.InnerExceptions.All(IsUnavailable),
        OperationCanceledException or TimeoutException or HttpRequestException or IOException => true,
        _ => false,
    };
}
