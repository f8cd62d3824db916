using System.Globalization;
using SmartCity.Grains.Planning;

namespace SmartCity.Simulator.Planning;

/// <summary>The plain-text tables `scenario run` and `scenario compare` print on stdout.</summary>
public static class ScenarioReport
{
    /// <summary>Horizons longer than this print every 5th year (plus the first and the last) rather than every year.</summary>
    public const int EveryYearUpTo = 20;

    /// <summary>How many of the cells whose gap opens first are named per need.</summary>
    public const int FirstCellsShown = 5;

    public static void WriteSummary(PlanningResult result, TextWriter output)
    {
        var years = ShownYears(result);
        output.WriteLine(Invariant($"Scenario \"{result.Scenario}\" on {result.City}: {result.StartYear}-{result.EndYear}, {result.Runs:N0} runs, seed {result.Seed}"));
        output.WriteLine();
        output.WriteLine("City (P50)");
        output.WriteLine(Invariant($"{"year",-6}{"residents",12}{"migrants",12}"));
        foreach (var year in years) output.WriteLine(Invariant($"{year.Year,-6}{year.Residents.P50,12:N0}{year.Migrants.P50,12:N0}"));
        foreach (var need in Needs.All)
        {
            output.WriteLine();
            output.WriteLine(Invariant($"{ScenarioOutputFiles.NeedName(need)}: cells short of {result.Cells.Count}"));
            output.WriteLine(Invariant($"{"year",-6}{"P10",8}{"P50",8}{"P90",8}"));
            foreach (var year in years)
            {
                var band = year.Need(need).CellsShort;
                output.WriteLine(Invariant($"{year.Year,-6}{band.P10,8:0.#}{band.P50,8:0.#}{band.P90,8:0.#}"));
            }
            output.WriteLine($"  gap opens first (P50 year): {FirstOpenings(result, need)}");
        }
    }

    public static void WriteComparison(ScenarioComparison comparison, TextWriter output)
    {
        int measureWidth = comparison.Lines.Max(l => l.Measure.Length) + 2;
        int[] widths = [.. comparison.Scenarios.Select(s => Math.Max(12, s.Length + 2))];
        output.WriteLine("measure".PadRight(measureWidth) + string.Concat(comparison.Scenarios.Select((s, i) => s.PadLeft(widths[i]))));
        foreach (var line in comparison.Lines)
            output.WriteLine(line.Measure.PadRight(measureWidth) + string.Concat(line.Values.Select((v, i) => Value(v).PadLeft(widths[i]))));
        output.WriteLine();
        if (comparison.Cells.Count == 0)
        {
            output.WriteLine("No cell's median gap-opening year differs between the scenarios.");
            return;
        }
        output.WriteLine(Invariant($"Cells whose median gap-opening year differs ({comparison.Cells.Count}; \"never\": not in half the runs):"));
        int cellWidth = comparison.Cells.Max(c => c.CellId.Length + ScenarioOutputFiles.NeedName(c.Need).Length + 3) + 2;
        foreach (var cell in comparison.Cells)
        {
            string label = $"{cell.CellId} ({ScenarioOutputFiles.NeedName(cell.Need)})";
            output.WriteLine(label.PadRight(cellWidth) + string.Concat(cell.MedianOpeningYear.Select((y, i) => (y?.ToString(CultureInfo.InvariantCulture) ?? "never").PadLeft(widths[i]))));
        }
    }

    /// <summary>Every year for short horizons; else the first, every 5th after it, and the last.</summary>
    private static IReadOnlyList<CityYear> ShownYears(PlanningResult result) => result.Years <= EveryYearUpTo
        ? result.CityByYear
        : [.. result.CityByYear.Where((_, i) => i % 5 == 0 || i == result.CityByYear.Count - 1)];

    private static string FirstOpenings(PlanningResult result, Need need)
    {
        var opened = result.Cells
            .Select(c => (c.CellId, Year: c.GapOpening(need).P50Year))
            .Where(c => c.Year is not null)
            .OrderBy(c => c.Year).ThenBy(c => c.CellId, StringComparer.Ordinal)
            .ToArray();
        if (opened.Length == 0) return "none within the horizon";
        string shown = string.Join(", ", opened.Take(FirstCellsShown).Select(c => Invariant($"{c.CellId} {c.Year}")));
        return opened.Length > FirstCellsShown ? Invariant($"{shown} (and {opened.Length - FirstCellsShown} more)") : shown;
    }

    private static string Value(double? value) => value switch
    {
        null => "-",
        double v when Math.Abs(v) >= 10_000 => v.ToString("N0", CultureInfo.InvariantCulture),
        double v => v.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
