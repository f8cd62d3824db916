using System.Globalization;

namespace SmartCity.Simulator.Planning.Urbanization;

/// <summary>One year of a historical series: the urban share in percent and, if the file gives it, the total population.</summary>
public sealed record UrbanObservation(int Year, double UrbanShare, double? TotalPopulation);

/// <summary>What is wrong with a series file, with the line (1-based) and the column it was found in.</summary>
public sealed record SeriesProblem(int Line, string? Column, string Message)
{
    public override string ToString() => Column is null ? $"line {Line}: {Message}" : $"line {Line}, column {Column}: {Message}";
}

/// <summary>
/// A historical urban-share series as the user gives it: CSV with the columns year and urban_share (percent) and
/// optionally total_population, preceded by comment lines starting with '#', of which <c># vintage: ...</c> names the
/// statistical release the numbers come from (docs/planning-urbanization.md, "Input").
/// </summary>
public sealed record UrbanSeries(IReadOnlyList<UrbanObservation> Observations, string? Vintage)
{
    /// <summary>Fewer points than this cannot carry a three-parameter curve and an error estimate.</summary>
    public const int MinimumObservations = 8;

    private const string VintagePrefix = "vintage:";

    public int FirstYear => Observations[0].Year;

    public int LastYear => Observations[^1].Year;

    /// <summary>The vintage as the report prints it: what the file says, or that it says nothing.</summary>
    public string VintageText => Vintage ?? "not stated (the file has no '# vintage: ...' line)";

    /// <summary>The years up to and including <paramref name="year"/>, as a series of their own.</summary>
    public UrbanSeries Until(int year) => this with { Observations = [.. Observations.Where(o => o.Year <= year)] };

    /// <summary>The observed share in <paramref name="year"/>, or null when the series has no value for it.</summary>
    public double? ShareIn(int year) => Observations.FirstOrDefault(o => o.Year == year)?.UrbanShare;

    /// <summary>Reads a series file; null with the problem when the file is not a usable series.</summary>
    public static UrbanSeries? Read(string path, out SeriesProblem? problem)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, out problem);
    }

    /// <summary>Parses a series; null with the problem (line and column) when it is not a usable series.</summary>
    public static UrbanSeries? Parse(TextReader reader, out SeriesProblem? problem)
    {
        problem = null;
        string? vintage = null;
        Columns? columns = null;
        var observations = new List<UrbanObservation>();
        int lineNumber = 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            string text = line.Trim().TrimStart('\uFEFF');
            if (text.Length == 0) continue;
            if (text.StartsWith('#'))
            {
                string comment = text.TrimStart('#').Trim();
                if (comment.StartsWith(VintagePrefix, StringComparison.OrdinalIgnoreCase)) vintage = comment[VintagePrefix.Length..].Trim();
                continue;
            }
            string[] fields = [.. text.Split(',').Select(f => f.Trim().Trim('"').Trim())];
            if (columns is null)
            {
                columns = Columns.FromHeader(fields, lineNumber, out problem);
                if (columns is null) return null;
                continue;
            }
            var observation = columns.ReadRow(fields, lineNumber, out problem);
            if (observation is null) return null;
            if (observations.Count > 0 && observation.Year <= observations[^1].Year)
            {
                problem = new SeriesProblem(lineNumber, "year",
                    $"{observation.Year} does not come after {observations[^1].Year}; years must increase from line to line");
                return null;
            }
            observations.Add(observation);
        }
        problem = columns is null
            ? new SeriesProblem(lineNumber, null, "no header line; expected one naming the columns year,urban_share[,total_population]")
            : observations.Count < MinimumObservations
                ? new SeriesProblem(lineNumber, null, $"the series has {observations.Count} years; the fits need at least {MinimumObservations}")
                : null;
        return problem is null ? new UrbanSeries(observations, vintage) : null;
    }

    /// <summary>Where the known columns sit in the header; other columns are ignored.</summary>
    private sealed record Columns(int Count, int Year, int UrbanShare, int? TotalPopulation)
    {
        public static Columns? FromHeader(string[] names, int line, out SeriesProblem? problem)
        {
            problem = null;
            int Find(string name) => Array.FindIndex(names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
            int year = Find("year"), share = Find("urban_share"), population = Find("total_population");
            string? missing = year < 0 ? "year" : share < 0 ? "urban_share" : null;
            if (missing is null) return new Columns(names.Length, year, share, population < 0 ? null : population);
            problem = new SeriesProblem(line, missing,
                $"the header has no column \"{missing}\" (it has: {string.Join(", ", names)}); expected year,urban_share[,total_population]");
            return null;
        }

        public UrbanObservation? ReadRow(string[] fields, int line, out SeriesProblem? problem)
        {
            problem = null;
            if (fields.Length != Count)
            {
                problem = new SeriesProblem(line, null, $"{fields.Length} fields where the header has {Count}");
                return null;
            }
            if (!int.TryParse(fields[Year], NumberStyles.Integer, CultureInfo.InvariantCulture, out int year))
            {
                problem = new SeriesProblem(line, "year", $"\"{fields[Year]}\" is not a whole year");
                return null;
            }
            if (!double.TryParse(fields[UrbanShare], NumberStyles.Float, CultureInfo.InvariantCulture, out double share) || !double.IsFinite(share))
            {
                problem = new SeriesProblem(line, "urban_share", $"\"{fields[UrbanShare]}\" is not a number (percent, with a '.' for decimals)");
                return null;
            }
            // The S-curves work on the logit of the share, which is infinite at exactly 0 or 100 percent.
            if (share <= 0 || share >= 100)
            {
                problem = new SeriesProblem(line, "urban_share", $"{fields[UrbanShare]} is outside 0..100 percent (both ends excluded)");
                return null;
            }
            double? population = null;
            if (TotalPopulation is int column && fields[column].Length > 0)
            {
                if (!double.TryParse(fields[column], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0) || !double.IsFinite(value))
                {
                    problem = new SeriesProblem(line, "total_population", $"\"{fields[column]}\" is not a positive number");
                    return null;
                }
                population = value;
            }
            return new UrbanObservation(year, share, population);
        }
    }
}
