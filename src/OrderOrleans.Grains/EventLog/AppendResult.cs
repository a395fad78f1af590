namespace OrderOrleans.Grains.EventLog;

public enum AppendOutcome
{
    /// <summary>The events are stored at the versions they carry.</summary>
    Appended,
    /// <summary>Another writer got there first; <see cref="AppendResult.CurrentVersion"/> says how far the log is.</summary>
    Conflict,
    /// <summary>This command's events were already stored at these versions by an earlier attempt: nothing was written.</summary>
    Landed,
}

/// <summary>How an append ended and the version the log is at after it.</summary>
public readonly record struct AppendResult(AppendOutcome Outcome, int CurrentVersion)
{
    public static AppendResult Appended(int to) => new(AppendOutcome.Appended, to);

    public static AppendResult Conflict(int current) => new(AppendOutcome.Conflict, current);

    public static AppendResult Landed(int to) => new(AppendOutcome.Landed, to);
}

/// <summary>The versions one command produced.</summary>
public readonly record struct CommandRange(int FromVersion, int ToVersion, string? Fingerprint = null);
