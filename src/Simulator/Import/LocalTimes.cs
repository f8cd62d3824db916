using System.Globalization;

namespace SmartCity.Simulator.Import;

/// <summary>
/// Reads wall-clock times written without a zone ("2016-10-04 07:59:42") as instants in the zone
/// the dataset's SOURCE.md names, with that zone's offset on that day.
/// </summary>
public sealed class LocalTimes(string timeZoneId)
{
    // Seconds are whole in both datasets; fractions are accepted in case a later extract has them.
    private static readonly string[] Formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss"];

    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);

    /// <summary>How many times fell in the repeated hour when summer time ended (see <see cref="TryRead"/>).</summary>
    public int AmbiguousCount { get; private set; }

    /// <summary>The instant, or null with a problem naming <paramref name="column"/>.</summary>
    public DateTimeOffset? TryRead(string text, string column, out RowProblem? problem)
    {
        problem = null;
        if (!DateTime.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            problem = new RowProblem(ImportReasons.UnparsableTime,
                $"{column} \"{text}\" is not a date and time of the form yyyy-MM-dd HH:mm:ss");
            return null;
        }
        // A clock set forward skips an hour: a time inside it was never shown by a correct clock, so
        // the row is reported rather than guessed at.
        if (Zone.IsInvalidTime(local))
        {
            problem = new RowProblem(ImportReasons.NonexistentLocalTime,
                $"{column} {text} does not exist in {Zone.Id}: the clocks skipped that hour");
            return null;
        }
        // A clock set back shows an hour twice and nothing in the row says which pass it was. We take
        // the first pass (the summer-time offset, the larger one): it keeps a file written in clock
        // order in order up to the change, and it is what most loggers that write local time mean.
        // The import counts such times and says so in its summary.
        if (Zone.IsAmbiguousTime(local))
        {
            AmbiguousCount++;
            var offset = Zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset);
        }
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>The note for the summary, or null when no time was ambiguous.</summary>
    public string? AmbiguityNote() => AmbiguousCount == 0 ? null : string.Create(CultureInfo.InvariantCulture,
        $"{AmbiguousCount} local time(s) fell in the hour {Zone.Id} repeats when summer time ends; each was read as the first pass (summer time)");
}
