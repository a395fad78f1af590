namespace OrderOrleans.Contracts.Orders;

/// <summary>The payment deadline of one order (key: order id).</summary>
[Alias("IPaymentDeadlineGrain")]
public interface IPaymentDeadlineGrain : IGrainWithStringKey
{
    /// <summary>Whether a deadline is running: the order is placed and neither paid nor cancelled yet.</summary>
    [Alias("IsArmed")]
    Task<bool> IsArmed();
}
