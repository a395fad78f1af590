namespace OrderOrleans.Grains.EventLog;

public enum AppendOutcome
{
    /// <summary>The events are stored at the versions they carry.</summary>
    Appended,
    /// <summary>Another writer got there first; <see cref="AppendResult.CurrentVersion"/> says how far the log is.</summary>
    Conflict,
    /// <summary>The command id was already recorded: nothing was written, the version range is the first outcome's.</summary>
    Duplicate,
}

public readonly record struct AppendResult(AppendOutcome Outcome, int FromVersion, int ToVersion, int CurrentVersion)
{
    public static AppendResult Appended(int from, int to) => new(AppendOutcome.Appended, from, to, to);

    public static AppendResult Conflict(int current) => new(AppendOutcome.Conflict, 0, 0, current);

    public static AppendResult Duplicate(CommandMarkerRow marker, int current) =>
        new(AppendOutcome.Duplicate, marker.FromVersion, marker.ToVersion, current);
}
