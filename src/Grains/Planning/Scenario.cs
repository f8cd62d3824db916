namespace SmartCity.Grains.Planning;

/// <summary>
/// A planning scenario: the horizon, the Monte Carlo settings, the migration and urbanization inputs, the demand
/// ratios and the policy levers. The JSON file has exactly this shape in camelCase (see <see cref="ScenarioFile"/>);
/// every default and its source is in docs/planning-model.md.
/// </summary>
public sealed record Scenario
{
    public string Name { get; init; } = "";

    /// <summary>
    /// The first simulated year; the city snapshot is the state at its start. 0 (left out of the file) means the year
    /// after the current one, fixed when the scenario is read at the edge (<see cref="ScenarioYears.Resolve"/>).
    /// </summary>
    public int StartYear { get; init; }

    /// <summary>The horizon: how many years are simulated.</summary>
    public int Years { get; init; }

    public int Runs { get; init; } = 1000;

    public long Seed { get; init; } = 1;

    public UrbanizationInput Urbanization { get; init; } = new();

    public MigrationInput Migration { get; init; } = new();

    public HouseholdSizeInput HouseholdSize { get; init; } = new();

    public HousingInput Housing { get; init; } = new();

    public AttractivenessWeights Attractiveness { get; init; } = new();

    public DemandRatios Demand { get; init; } = new();

    public ReportHandling Reports { get; init; } = new();

    /// <summary>Per-cell overrides of what the snapshot says, keyed by grid cell id.</summary>
    public IReadOnlyDictionary<string, CellOverride> Cells { get; init; } = new Dictionary<string, CellOverride>(StringComparer.Ordinal);

    public IReadOnlyList<PolicyLever> Levers { get; init; } = [];

    /// <summary>The last simulated year.</summary>
    public int EndYear => StartYear + Years - 1;
}

/// <summary>
/// Urbanization of the wider region, which sends newly urban people into the city. Either a yearly path of the
/// projected urban share (optionally with its P10–P90 band, which each Monte Carlo run draws from), or a series file
/// that the command line projects into such a path, or a constant growth in percentage points per year.
/// Shares are fractions (0.74), not percent; only the series file is in percent, as `urbanization project` reads it.
/// </summary>
public sealed record UrbanizationInput
{
    /// <summary>Population of the region whose urbanization feeds the city; 0 turns urbanization arrivals off.</summary>
    public double RegionalPopulation { get; init; }

    /// <summary>Of the region's newly urban people, the share who settle in this city's grid cells.</summary>
    public double CityShareOfUrbanGrowth { get; init; }

    /// <summary>The urban share by year, covering the year before <see cref="Scenario.StartYear"/> to the last simulated year.</summary>
    public IReadOnlyList<UrbanShareYear>? UrbanSharePath { get; init; }

    /// <summary>
    /// A historical series (CSV of year and urban_share in percent, as `urbanization project --series` reads), relative
    /// to the scenario file. The command line replaces it by the projection's path with its band before validation;
    /// elsewhere (the HTTP API) it is refused, since a server does not read the caller's files.
    /// </summary>
    public string? SeriesFile { get; init; }

    /// <summary>With constant growth: the urban share in the year before the start year.</summary>
    public double? BaseShare { get; init; }

    /// <summary>Constant growth of the urban share in percentage points per year, stopping at 100%.</summary>
    public double? GrowthPointsPerYear { get; init; }

    /// <summary>True when the path gives a P10–P90 band in some year, so that each run draws its own path.</summary>
    public bool HasBand => UrbanSharePath?.Any(p => p is not null && (p.P10 is not null || p.P90 is not null)) == true;

    /// <summary>u(year) − u(year − 1) on the path's median; negative when the path falls.</summary>
    public double ShareChange(int startYear, int year) => ShareChange(startYear, year, bandPosition: 0);

    /// <summary>
    /// u(year) − u(year − 1) on the path a run draws from the band: <paramref name="bandPosition"/> z is that run's
    /// standard normal deviate, the same in every year (docs/planning-model.md, "Urbanization from a series file").
    /// </summary>
    public double ShareChange(int startYear, int year, double bandPosition)
    {
        if (UrbanSharePath is { } path)
        {
            var now = path.FirstOrDefault(p => p.Year == year);
            var before = path.FirstOrDefault(p => p.Year == year - 1);
            return now is not null && before is not null ? now.ShareAt(bandPosition) - before.ShareAt(bandPosition) : 0;
        }
        if (BaseShare is not double baseShare || GrowthPointsPerYear is not double points) return 0;
        double step = points / 100, previousShare = Math.Min(1, baseShare + step * (year - startYear));
        return Math.Max(0, Math.Min(step, 1 - previousShare));
    }
}

/// <summary>One year of a projected urban share (fractions): the median and, optionally, its 10th and 90th percentiles.</summary>
public sealed record UrbanShareYear
{
    /// <summary>z of the 90th percentile of the standard normal distribution.</summary>
    public const double Z90 = 1.2815515655446004;

    public int Year { get; init; }

    /// <summary>The median (P50) share.</summary>
    public double Share { get; init; }

    public double? P10 { get; init; }

    public double? P90 { get; init; }

    /// <summary>
    /// The share at standard normal deviate z on a split normal through P10, P50 and P90: each side has its own
    /// spread, (P50 − P10)/z90 below and (P90 − P50)/z90 above, so a skewed band stays skewed. Clamped to 0..1.
    /// </summary>
    public double ShareAt(double z)
    {
        if (z == 0) return Share;
        double edge = z < 0 ? P10 ?? Share : P90 ?? Share;
        return Math.Clamp(Share + Math.Abs(z) * (edge - Share) / Z90, 0, 1);
    }
}

/// <summary>Migrants: the national inflow scaled to the city, its randomness, departures and returns.</summary>
public sealed record MigrationInput
{
    /// <summary>New migrants nationally per year; 10 million is the example of issue 4, an assumption to replace.</summary>
    public double NationalInflowPerYear { get; init; } = 10_000_000;

    /// <summary>The city's (its grid cells') share of the national inflow.</summary>
    public double CityShare { get; init; }

    /// <summary>Scales all new arrivals: below 1 a damped, above 1 a boosted inflow.</summary>
    public double InflowMultiplier { get; init; } = 1;

    /// <summary>Negative binomial size k: variance m + m²/k, so a coefficient of variation near 1/√k for large m.</summary>
    public double Dispersion { get; init; } = 50;

    /// <summary>Share of the migrant stock that leaves the city in a year.</summary>
    public double DepartureRate { get; init; } = 0.10;

    /// <summary>Share of earlier leavers, still away, who come back in a year.</summary>
    public double ReturnRate { get; init; } = 0.10;
}

/// <summary>Average persons per household: a start value and a yearly change.</summary>
public sealed record HouseholdSizeInput
{
    /// <summary>City average in the start year; null takes the snapshot's residents / households.</summary>
    public double? Start { get; init; }

    /// <summary>Yearly change; −0.02 is an assumption (China's census average fell from 3.10 in 2010 to 2.62 in 2020).</summary>
    public double ChangePerYear { get; init; } = -0.02;
}

/// <summary>Housing: how many residents a cell can hold.</summary>
public sealed record HousingInput
{
    /// <summary>Capacity = residents × headroom where no override says otherwise; null keeps the snapshot's capacities.</summary>
    public double? Headroom { get; init; }
}

/// <summary>A planner's correction of one cell of the snapshot.</summary>
public sealed record CellOverride
{
    public int? HousingCapacity { get; init; }

    public double? JobsWeight { get; init; }
}

/// <summary>How strongly each factor draws arrivals to a cell (docs/planning-model.md, "Allocation"); all assumptions.</summary>
public sealed record AttractivenessWeights
{
    /// <summary>Elasticity of attractiveness to the jobs/amenity weight relative to the city mean.</summary>
    public double Jobs { get; init; } = 0.5;

    /// <summary>Attractiveness falls by e over this distance from the centre (Clark's exponential density gradient).</summary>
    public double CentreDecayKm { get; init; } = 5;

    /// <summary>Penalty per unit of density relative to the city mean.</summary>
    public double Density { get; init; } = 0.5;

    /// <summary>Bonus for room left: a cell with all its housing free is (1 + this) times as attractive as a full one.</summary>
    public double Room { get; init; } = 1;
}
