using System.Text.Json;

namespace SmartCity.Grains.Planning;

/// <summary>
/// Two or more scenario results of the same city side by side: one line per measure with a value per scenario,
/// and the cells whose median gap-opening year differs between scenarios.
/// </summary>
public sealed record ScenarioComparison(IReadOnlyList<string> Scenarios, IReadOnlyList<ComparisonLine> Lines, IReadOnlyList<CellComparison> Cells)
{
    public static ScenarioComparison Compare(IReadOnlyList<PlanningResult> results)
    {
        if (results.Count < 2) throw new ArgumentException("A comparison needs two or more results.", nameof(results));
        var cellIds = results[0].Cells.Select(c => c.CellId).ToArray();
        if (results.Any(r => !r.Cells.Select(c => c.CellId).SequenceEqual(cellIds)))
            throw new ArgumentException("The results are of different cities.", nameof(results));
        var lines = new List<ComparisonLine>
        {
            Line("residents in the final year (P50)", results, r => r.CityByYear[^1].Residents.P50),
            Line("migrants in the final year (P50)", results, r => r.CityByYear[^1].Migrants.P50),
            Line("arrivals over the horizon (sum of yearly P50)", results, r => r.CityByYear.Sum(y => y.Arrivals.P50)),
            Line("unplaced over the horizon (sum of yearly P50)", results, r => r.CityByYear.Sum(y => y.Unplaced.P50)),
        };
        foreach (var need in Needs.All)
        {
            string name = JsonNamingPolicy.CamelCase.ConvertName(need.ToString());
            lines.Add(Line($"{name}: first year a cell's gap opens (earliest median)", results,
                r => r.Cells.Select(c => c.GapOpening(need).P50Year).Where(y => y is not null).Min()));
            lines.Add(Line($"{name}: cells short in the final year (P50)", results, r => r.CityByYear[^1].Need(need).CellsShort.P50));
            if (need != Need.AcknowledgeTime)
                lines.Add(Line($"{name}: total shortfall in the final year (P50)", results, r => r.CityByYear[^1].Need(need).Shortfall?.P50));
        }
        var cells = new List<CellComparison>();
        for (int i = 0; i < cellIds.Length; i++)
        {
            foreach (var need in Needs.All)
            {
                var years = results.Select(r => r.Cells[i].GapOpening(need).P50Year).ToArray();
                if (years.Distinct().Count() > 1) cells.Add(new CellComparison(cellIds[i], need, years));
            }
        }
        return new ScenarioComparison([.. results.Select(r => r.Scenario)], lines, cells);
    }

    private static ComparisonLine Line(string measure, IReadOnlyList<PlanningResult> results, Func<PlanningResult, double?> value) =>
        new(measure, [.. results.Select(value)]);
}

/// <summary>One measure with its value in each scenario, in the order of the comparison's scenarios; null when it has none.</summary>
public sealed record ComparisonLine(string Measure, IReadOnlyList<double?> Values);

/// <summary>A cell and need whose median gap-opening year differs between scenarios (null: not in half the runs).</summary>
public sealed record CellComparison(string CellId, Need Need, IReadOnlyList<int?> MedianOpeningYear);
