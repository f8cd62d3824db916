using System.Text;

namespace SmartCity.Grains.City;

/// <summary>
/// One problem in a city definition. <paramref name="Feature"/> names where it is, e.g.
/// "features[12] (bay:XH-0001-07)", or "file" for the collection itself; <paramref name="Field"/>
/// is the JSON member, e.g. "properties.capacity", or empty when the problem is the whole JSON text.
/// </summary>
public sealed record CityFileError(string Feature, string Field, string Message)
{
    public override string ToString() =>
        Field.Length == 0 ? $"{Feature}: {Message}" : $"{Feature} {Field}: {Message}";
}

/// <summary>A city definition that cannot be used, with every problem found in it (up to a limit).</summary>
public sealed class CityFileException : Exception
{
    // Enough to see the pattern of a systematic mistake without scrolling through thousands.
    private const int ErrorsInMessage = 5;

    public CityFileException(IReadOnlyList<CityFileError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<CityFileError> Errors { get; }

    private static string Describe(IReadOnlyList<CityFileError> errors)
    {
        var text = new StringBuilder();
        text.Append(errors.Count == 1 ? "The city definition has 1 error:" : $"The city definition has {errors.Count} errors:");
        foreach (var error in errors.Take(ErrorsInMessage))
        {
            text.Append(Environment.NewLine).Append("  ").Append(error);
        }
        if (errors.Count > ErrorsInMessage)
        {
            text.Append(Environment.NewLine).Append("  ... and ").Append(errors.Count - ErrorsInMessage).Append(" more");
        }
        return text.ToString();
    }
}

/// <summary>Collects problems up to a limit, so one systematic mistake does not produce 20,000 lines.</summary>
internal sealed class CityFileErrorList
{
    public const int Limit = 100;

    private readonly List<CityFileError> _errors = [];

    public int Count => _errors.Count;

    public bool IsFull => _errors.Count >= Limit;

    public IReadOnlyList<CityFileError> Errors => _errors;

    public void Add(string feature, string field, string message)
    {
        if (!IsFull) _errors.Add(new CityFileError(feature, field, message));
    }
}
