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

public readonly record struct AppendResult(AppendOutcome Outcome, int FromVersion, int ToVersion, int CurrentVersion)
{
    public static AppendResult Appended(int from, int to) => new(AppendOutcome.Appended, from, to, to);

    public static AppendResult Conflict(int current) => new(AppendOutcome.Conflict, 0, 0, current);

    public static AppendResult Landed(int from, int to) => new(AppendOutcome.Landed, from, to, to);
}

/// <summary>The versions one command produced.</summary>
public readonly record struct CommandRange(int FromVersion, int ToVersion, string? Fingerprint = null);
