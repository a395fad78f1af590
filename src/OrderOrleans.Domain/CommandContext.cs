namespace OrderOrleans.Domain;

/// <summary>What every command carries besides its payload.</summary>
/// <param name="CommandId">Identifies the command for idempotency; a repeated id never appends twice.</param>
/// <param name="IsClientKey">True when the id came from the caller (Idempotency-Key), so a repeat is expected and worth a lookup.</param>
/// <param name="ExpectedVersion">Optimistic concurrency: the order version the caller saw (If-Match), or null to skip the check.</param>
[GenerateSerializer, Immutable, Alias("CommandContext")]
public sealed record CommandContext(
    [property: Id(0)] string CommandId,
    [property: Id(1)] bool IsClientKey,
    [property: Id(2)] int? ExpectedVersion,
    [property: Id(3)] string UserId,
    [property: Id(4)] string CorrelationId)
{
    public static CommandContext New(string userId = "system", int? expectedVersion = null) =>
        new(Guid.NewGuid().ToString("N"), IsClientKey: false, expectedVersion, userId, Guid.NewGuid().ToString("N"));

    /// <summary>
    /// A caller's own key (<c>{caller}/{key}</c>): it names one request of that caller across all orders. The service's
    /// own keys (such as the payment deadline's) are unscoped and name a command within one order.
    /// </summary>
    public bool IsCallerKey => IsClientKey && CommandId.Contains('/', StringComparison.Ordinal);
}
