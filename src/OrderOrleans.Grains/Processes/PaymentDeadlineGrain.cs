using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts.Orders;

namespace OrderOrleans.Grains.Processes;

/// <summary>
/// The payment deadline of one order, a process manager fed by its shard's stream consumer: placing the order arms a durable
/// reminder; paying or cancelling disarms it; if it fires first, the order is cancelled with reason "payment timeout".
/// The cancel expects the version of the placing, so a payment that slipped in first makes it a no-op, and its command
/// id is fixed, so a reminder firing twice cancels once. The reminder's name carries that version across restarts.
/// </summary>
public sealed class PaymentDeadlineGrain(IOptions<PaymentDeadlineOptions> options, ILogger<PaymentDeadlineGrain> logger)
    : Grain, IPaymentDeadlineGrain, IRemindable
{
    public const string CancelReason = "payment timeout";
    private const string ReminderPrefix = "payment-deadline-v";

    private string OrderId => this.GetPrimaryKeyString();

    public async Task Observe(IReadOnlyList<EventEnvelope> events)
    {
        // Only the last event that matters decides: placed then paid in one delivery must not arm a reminder at all.
        switch (events.LastOrDefault(e => e.Event is OrderPlaced or PaymentRecorded or OrderCancelled))
        {
            case { Event: OrderPlaced } placed:
                await this.RegisterOrUpdateReminder(ReminderPrefix + placed.Version.ToString(CultureInfo.InvariantCulture),
                    options.Value.Deadline, options.Value.RetryPeriod);
                break;
            case { Event: PaymentRecorded or OrderCancelled }:
                await Disarm();
                break;
        }
    }

    public async Task<bool> IsArmed() => (await this.GetReminders()).Any(r => r.ReminderName.StartsWith(ReminderPrefix, StringComparison.Ordinal));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!reminderName.StartsWith(ReminderPrefix, StringComparison.Ordinal))
        {
            return;
        }
        var placedVersion = int.Parse(reminderName.AsSpan(ReminderPrefix.Length), CultureInfo.InvariantCulture);
        var context = new CommandContext($"payment-timeout-{placedVersion}", IsClientKey: true, placedVersion, "payment-deadline", $"payment-deadline-{OrderId}");
        var result = await GrainFactory.GetGrain<IOrderGrain>(OrderId).Execute(new CancelOrder(CancelReason) { Context = context });
        if (result.Error is { Kind: ErrorKind.Unavailable })
        {
            return; // storage is away: the reminder fires again after RetryPeriod
        }
        PaymentDeadlineLog.Fired(logger, OrderId, result.Error?.Code ?? "cancelled");
        await Disarm();
    }

    private async Task Disarm()
    {
        foreach (var reminder in await this.GetReminders())
        {
            await this.UnregisterReminder(reminder);
        }
    }
}

internal static partial class PaymentDeadlineLog
{
    [LoggerMessage(1, LogLevel.Information, "Order {OrderId}: payment deadline passed; cancel answered {Outcome}")]
    public static partial void Fired(ILogger logger, string orderId, string outcome);
}
