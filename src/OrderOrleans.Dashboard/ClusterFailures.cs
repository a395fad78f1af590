using MudBlazor;
using OrderOrleans.Contracts;

namespace OrderOrleans.Dashboard;

/// <summary>Failures a page meets when the cluster or its storage is slow or away: told to the user, never fatal to the circuit.</summary>
public static class ClusterFailures
{
    public static bool IsTransient(Exception ex) => ex is OrleansException or TimeoutException or EventStoreUnavailableException;

    /// <summary>Runs a page's load; on a transient failure says so in a snackbar, keeps what the page showed and answers false.</summary>
    public static async Task<bool> TryLoad(ISnackbar snackbar, string what, Func<Task> load)
    {
        try
        {
            await load();
            return true;
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            snackbar.Add($"{what} could not be loaded: the cluster or its storage did not answer. The page shows what it had.", Severity.Warning, key: what);
            return false;
        }
    }
}
