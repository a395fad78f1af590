namespace OrderOrleans.Domain;

/// <summary>
/// A grain's answer to a question that can be refused: the value, or the <see cref="OrderError"/> saying why not, never
/// an exception for an expected outcome. <see cref="CommandResult"/> is the same shape for commands, with their replay flag.
/// </summary>
[GenerateSerializer, Immutable, Alias("Answer`1")]
public sealed record Answer<T>([property: Id(0)] T? Value, [property: Id(1)] OrderError? Error) where T : class
{
    public static implicit operator Answer<T>(T value) => new(value, null);

    public static implicit operator Answer<T>(OrderError error) => new(null, error);
}
