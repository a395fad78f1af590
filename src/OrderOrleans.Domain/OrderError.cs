namespace OrderOrleans.Domain;

/// <summary>Why a command was refused; decides the HTTP status.</summary>
public enum ErrorKind
{
    /// <summary>The command's input is malformed (400).</summary>
    Invalid,
    /// <summary>No such order (404).</summary>
    NotFound,
    /// <summary>The order's state does not allow the command (409).</summary>
    InvalidState,
    /// <summary>A business rule about the command's values is broken (422).</summary>
    RuleViolated,
    /// <summary>The log moved on while the command was being decided (409).</summary>
    VersionConflict,
    /// <summary>The caller's expected version (If-Match) is not the current one (412).</summary>
    StaleVersion,
    /// <summary>Storage did not answer in time; nothing was confirmed (503).</summary>
    Unavailable,
}

/// <summary>A refused command: a stable <paramref name="Code"/> for programs, a <paramref name="Message"/> for people.</summary>
[GenerateSerializer, Immutable, Alias("OrderError")]
public sealed record OrderError(
    [property: Id(0)] ErrorKind Kind,
    [property: Id(1)] string Code,
    [property: Id(2)] string Message,
    [property: Id(3)] string? Field = null,
    [property: Id(4)] int? CurrentVersion = null);

/// <summary>The answer to a command: the order after it, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("CommandResult")]
public sealed record CommandResult(
    [property: Id(0)] OrderView? Order,
    [property: Id(1)] OrderError? Error,
    [property: Id(2)] bool Replayed = false)
{
    public static CommandResult Ok(OrderView order, bool replayed = false) => new(order, null, replayed);

    public static CommandResult Fail(OrderError error) => new(null, error);
}
