namespace SmartCity.Grains.Planning;

/// <summary>
/// A planning scenario: the horizon, the Monte Carlo settings, the migration and urbanization inputs, the demand
/// ratios and the policy levers. The JSON file has exactly this shape in camelCase (see <see cref="ScenarioFile"/>);
/// every default and its source is in docs/planning-model.md.
/// </summary>
public sealed record Scenario
{
    public string Name { get; init; } = "";

    /// <summary>The first simulated year; the city snapshot is the state at its start.</summary>
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
/// projected urban share (P50 of the urbanization model) or a constant growth in percentage points per year.
/// Shares are fractions (0.74), not percent.
/// </summary>
public sealed record UrbanizationInput
{
    /// <summary>Population of the region whose urbanization feeds the city; 0 turns urbanization arrivals off.</summary>
    public double RegionalPopulation { get; init; }

    /// <summary>Of the region's newly urban people, the share who settle in this city's grid cells.</summary>
    public double CityShareOfUrbanGrowth { get; init; }

    /// <summary>The urban share by year, covering the year before <see cref="Scenario.StartYear"/> to the last simulated year.</summary>
    public IReadOnlyList<UrbanShareYear>? UrbanSharePath { get; init; }

    /// <summary>With constant growth: the urban share in the year before the start year.</summary>
    public double? BaseShare { get; init; }

    /// <summary>Constant growth of the urban share in percentage points per year, stopping at 100%.</summary>
    public double? GrowthPointsPerYear { get; init; }

    /// <summary>u(year) − u(year − 1); negative when the path falls.</summary>
    public double ShareChange(int startYear, int year)
    {
        if (UrbanSharePath is { } path)
        {
            double? now = path.FirstOrDefault(p => p.Year == year)?.Share, before = path.FirstOrDefault(p => p.Year == year - 1)?.Share;
            return now is double u && before is double previous ? u - previous : 0;
        }
        if (BaseShare is not double baseShare || GrowthPointsPerYear is not double points) return 0;
        double step = points / 100, previousShare = Math.Min(1, baseShare + step * (year - startYear));
        return Math.Max(0, Math.Min(step, 1 - previousShare));
    }
}

/// <summary>One year of a projected urban share (a fraction).</summary>
public sealed record UrbanShareYear
{
    public int Year { get; init; }

    public double Share { get; init; }
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
