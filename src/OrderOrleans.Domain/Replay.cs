namespace OrderOrleans.Domain;

/// <summary>An extra event to fold into a what-if replay, right after <paramref name="AfterVersion"/> (0: before everything).</summary>
[GenerateSerializer, Immutable, Alias("InsertedEvent")]
public sealed record InsertedEvent(
    [property: Id(0)] int AfterVersion,
    [property: Id(1)] IOrderEvent Event);

/// <summary>A what-if: fold the order's history leaving some versions out and putting some events in.</summary>
[GenerateSerializer, Immutable, Alias("ReplayRequest")]
public sealed record ReplayRequest(
    [property: Id(0)] IReadOnlyList<int> SkipVersions,
    [property: Id(1)] IReadOnlyList<InsertedEvent> Insert);

/// <summary>An event the rules would have refused at its place in the what-if history (and that the replay left out).</summary>
[GenerateSerializer, Immutable, Alias("RefusedEvent")]
public sealed record RefusedEvent(
    [property: Id(0)] int? Version,
    [property: Id(1)] string Type,
    [property: Id(2)] string Code,
    [property: Id(3)] string Message);

/// <summary>The order as the what-if history leaves it; nothing is written.</summary>
[GenerateSerializer, Immutable, Alias("ReplayResult")]
public sealed record ReplayResult(
    [property: Id(0)] OrderView? Order,
    [property: Id(1)] IReadOnlyList<RefusedEvent> Refused,
    [property: Id(2)] int EventsFolded);
