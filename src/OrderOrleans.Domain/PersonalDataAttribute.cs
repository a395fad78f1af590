namespace OrderOrleans.Domain;

/// <summary>
/// Marks a property that holds personal data (an address, a name). Stored rows hold it encrypted under its customer's
/// data key (see <see cref="PersonalFields"/>), so erasing the key erases it everywhere at once; the stream to the read
/// models never carries it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PersonalDataAttribute : Attribute;
