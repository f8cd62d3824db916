using SmartCity.Grains.Planning;

namespace SmartCity.Api.Planning;

/// <summary>
/// A finished run's projection as a page draws it: the city by year and, per cell, the year each need's gap opens.
/// The full result holds every cell's demands per year (some 10 MB for the demo city); this is a few hundred KB.
/// </summary>
public sealed record ScenarioSummary(
    string Scenario,
    int StartYear,
    int Years,
    int Runs,
    long Seed,
    PlanningStart? Start,
    IReadOnlyList<Need> Needs,
    IReadOnlyList<SummaryYear> CityByYear,
    IReadOnlyList<CellGapYears> Cells)
{
    public static ScenarioSummary Of(PlanningResult result) => new(
        result.Scenario, result.StartYear, result.Years, result.Runs, result.Seed, result.Start, Grains.Planning.Needs.All,
        [.. result.CityByYear.Select(y => new SummaryYear(
            y.Year, y.Residents, y.Migrants, y.Households, y.Arrivals, y.Unplaced,
            [.. y.Needs.Select(n => new SummaryNeed(n.Need, n.CellsShort, n.Shortfall))]))],
        [.. result.Cells.Select(c => new CellGapYears(
            c.CellId, c.DistrictId,
            [.. c.GapOpenings.Select(g => new GapYear(g.Need, g.P10Year, g.P50Year, g.P90Year))]))]);
}

/// <summary>The city at the end of one year; needs in the order of <see cref="ScenarioSummary.Needs"/>.</summary>
public sealed record SummaryYear(int Year, Band Residents, Band Migrants, Band Households, Band Arrivals, Band Unplaced, IReadOnlyList<SummaryNeed> Needs);

/// <summary>How many cells are short of a need in a year, and by how much in total (null for acknowledge time).</summary>
public sealed record SummaryNeed(Need Need, Band CellsShort, Band? Shortfall);

/// <summary>A grid cell and, per need, the years its gap opens (null: not within the horizon in that share of runs).</summary>
public sealed record CellGapYears(string CellId, string DistrictId, IReadOnlyList<GapYear> Gaps);

/// <summary>The 10th, 50th and 90th percentile year a cell's gap in a need opens.</summary>
public sealed record GapYear(Need Need, int? P10Year, int? P50Year, int? P90Year);
