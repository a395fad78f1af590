namespace OrderOrleans.Grains;

/// <summary>Names of the providers <see cref="SiloBuilderExtensions.AddOrderOrleans"/> registers.</summary>
public static class OrderOrleansProviders
{
    /// <summary>The CustomStorage log-consistency provider over the Azure Table event log.</summary>
    public const string EventLog = "OrderEventLog";
}
