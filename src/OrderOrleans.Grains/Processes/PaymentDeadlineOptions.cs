namespace OrderOrleans.Grains.Processes;

public sealed class PaymentDeadlineOptions
{
    /// <summary>How long a placed order may wait for its payment before it is cancelled.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a deadline whose cancel could not be confirmed (storage away) tries again.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
