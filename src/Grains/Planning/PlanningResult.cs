using System.Text.Json.Serialization;

namespace SmartCity.Grains.Planning;

/// <summary>
/// A scenario's projection: city totals and every cell's people, demands and gaps per year as P10/P50/P90 over the
/// runs, and per cell and need the distribution of the year its gap opens. Lists of needs follow <see cref="Needs.All"/>.
/// </summary>
public sealed record PlanningResult(
    string Scenario,
    string City,
    int StartYear,
    int Years,
    int Runs,
    long Seed,
    IReadOnlyList<CityYear> CityByYear,
    IReadOnlyList<CellProjection> Cells)
{
    /// <summary>What a cluster run planned from (live twin or city file, and when); absent from a CLI run's result.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PlanningStart? Start { get; init; }

    public int EndYear => StartYear + Years - 1;

    public CellProjection Cell(string cellId) => Cells.FirstOrDefault(c => c.CellId == cellId)
        ?? throw new KeyNotFoundException($"No grid cell '{cellId}' in the result.");
}

/// <summary>The whole city in one year (end-of-year state; flows during the year).</summary>
public sealed record CityYear(
    int Year,
    Band Residents,
    Band Migrants,
    Band Households,
    Band Arrivals,
    Band Returns,
    Band Departures,
    Band Unplaced,
    IReadOnlyList<CityNeed> Needs)
{
    public CityNeed Need(Need need) => Needs[(int)need];
}

/// <summary>A need across the city in one year: how many cells are short, by how much in total, and which cells are short at P50.</summary>
/// <param name="Shortfall">Sum of the positive gaps; null for acknowledge time, whose hours do not add up across cells.</param>
public sealed record CityNeed(Need Need, Band CellsShort, Band? Shortfall, IReadOnlyList<string> CellsShortAtP50);

/// <summary>One grid cell over the horizon.</summary>
public sealed record CellProjection(string CellId, string DistrictId, IReadOnlyList<CellYear> Years, IReadOnlyList<GapOpening> GapOpenings)
{
    public GapOpening GapOpening(Need need) => GapOpenings[(int)need];

    public CellYear Year(int year) => Years.FirstOrDefault(y => y.Year == year)
        ?? throw new ArgumentOutOfRangeException(nameof(year), year, "Outside the simulated years.");
}

/// <summary>A cell at the end of one year.</summary>
/// <param name="LateShare">Share of reports acknowledged after the deadline, P(W_q > deadline).</param>
public sealed record CellYear(int Year, Band Residents, Band Migrants, Band Households, IReadOnlyList<NeedProjection> Needs, Band LateShare)
{
    public NeedProjection Need(Need need) => Needs[(int)need];
}

/// <summary>
/// Demand and gap of a need in a cell-year against its capacity (which chance does not touch). For acknowledge
/// time the demand is the expected wait in hours, the capacity the deadline, and an unstable queue waits forever.
/// </summary>
public sealed record NeedProjection(Need Need, Band Demand, double Capacity, Band Gap)
{
    /// <summary>Short in at least half the runs.</summary>
    public bool ShortAtP50 => Gap.P50 > 0;
}

/// <summary>
/// When a cell's gap in a need first opens, over the runs: how many runs it opened in each simulated year (a gap
/// already there at the start counts in the first year), and the 10th/50th/90th percentile year, null when fewer
/// than that share of runs opened it within the horizon (percentile definition 1, the inverse of the empirical
/// distribution, with "never" above every year).
/// </summary>
public sealed record GapOpening(Need Need, int Runs, IReadOnlyList<int> RunsOpeningInYear, int? P10Year, int? P50Year, int? P90Year)
{
    public int RunsOpened => RunsOpeningInYear.Sum();
}
