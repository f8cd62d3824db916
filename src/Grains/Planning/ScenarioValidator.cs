using System.Globalization;

namespace SmartCity.Grains.Planning;

/// <summary>One thing wrong with a scenario, named by its JSON field path, e.g. "levers[2].count".</summary>
public sealed record ScenarioError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>
/// Checks a scenario against the city it will run on and the current year, and returns every error at once,
/// each with the field at fault. A scenario without errors can be run.
/// </summary>
public static class ScenarioValidator
{
    public const int MaxRuns = 100_000;
    public const int MaxYears = 100;

    /// <summary>Beyond this many expected new arrivals a year into one city the model is not meant to go (counts are 32-bit).</summary>
    public const double MaxMeanArrivalsPerYear = 10_000_000;

    /// <summary>
    /// The errors of the scenario as <see cref="ScenarioYears.Resolve"/> fixes its years for <paramref name="currentYear"/>
    /// (the caller's clock: the city's TimeProvider, or a fixed year in tests), so a left-out start year is next year.
    /// </summary>
    public static IReadOnlyList<ScenarioError> Validate(Scenario scenario, PlanningCity city, int currentYear)
    {
        var given = scenario;
        scenario = ScenarioYears.Resolve(scenario, currentYear);
        var errors = new Errors();
        if (string.IsNullOrWhiteSpace(scenario.Name)) errors.Add("name", "is required.");
        if (scenario.StartYear < currentYear) errors.Add("startYear", $"{scenario.StartYear} is in the past; the current year is {currentYear}.");
        else if (scenario.StartYear > currentYear + MaxYears) errors.Add("startYear", $"must be at most {currentYear + MaxYears}.");
        errors.Range("years", scenario.Years, 1, MaxYears);
        errors.Range("runs", scenario.Runs, 1, MaxRuns);
        CheckUrbanization(scenario, errors);
        CheckMigration(scenario, errors);
        errors.RangeIfSet("householdSize.start", scenario.HouseholdSize.Start, 1, 10, "persons per household");
        errors.Range("householdSize.changePerYear", scenario.HouseholdSize.ChangePerYear, -1, 1);
        errors.RangeIfSet("housing.headroom", scenario.Housing.Headroom, 1, 10, "times the snapshot's residents");
        CheckWeights(scenario.Attractiveness, errors);
        CheckRatios(scenario.Demand, scenario.Reports, errors);
        CheckCells(scenario, city, errors);
        for (int i = 0; i < scenario.Levers.Count; i++)
        {
            // JSON's null annotations do not reach into lists and dictionaries, so an element may be null.
            if (scenario.Levers[i] is { } lever) LeverChecks.Check(scenario, city, lever, given.Levers[i], $"levers[{i}]", errors);
            else errors.Add($"levers[{i}]", "cannot be null.");
        }
        return errors.List;
    }

    private static void CheckUrbanization(Scenario scenario, Errors errors)
    {
        var u = scenario.Urbanization;
        errors.Range("urbanization.regionalPopulation", u.RegionalPopulation, 0, 2e9);
        errors.Share("urbanization.cityShareOfUrbanGrowth", u.CityShareOfUrbanGrowth);
        errors.RangeIfSet("urbanization.baseShare", u.BaseShare, 0, 1, "a fraction, not percent");
        errors.RangeIfSet("urbanization.growthPointsPerYear", u.GrowthPointsPerYear, -10, 10, "percentage points per year");
        if (u.SeriesFile is not null)
        {
            errors.Add("urbanization.seriesFile", "is read by the command line (scenario run), which projects it into urbanSharePath; here give urbanSharePath (fractions, with p10 and p90 for a band).");
            return;
        }
        if (u.UrbanSharePath is { } path)
        {
            if (u.GrowthPointsPerYear is not null || u.BaseShare is not null)
                errors.Add("urbanization.growthPointsPerYear", "give either urbanSharePath or baseShare with growthPointsPerYear, not both.");
            var years = new HashSet<int>();
            for (int i = 0; i < path.Count; i++)
            {
                if (path[i] is null)
                {
                    errors.Add($"urbanization.urbanSharePath[{i}]", "cannot be null.");
                    continue;
                }
                CheckShareYear(path[i], $"urbanization.urbanSharePath[{i}]", errors);
                if (!years.Add(path[i].Year)) errors.Add($"urbanization.urbanSharePath[{i}].year", $"{path[i].Year} appears twice.");
            }
            bool active = u.RegionalPopulation > 0 && u.CityShareOfUrbanGrowth > 0;
            var missing = Enumerable.Range(scenario.StartYear - 1, HorizonToCheck(scenario) + 1).Where(y => !years.Contains(y)).ToArray();
            if (active && missing.Length > 0)
                errors.Add("urbanization.urbanSharePath", $"must cover {scenario.StartYear - 1} to {scenario.EndYear}; missing {string.Join(", ", missing.Take(5))}{(missing.Length > 5 ? $" and {missing.Length - 5} more" : "")}.");
        }
        else if (u.RegionalPopulation > 0 && u.CityShareOfUrbanGrowth > 0 && (u.BaseShare is null || u.GrowthPointsPerYear is null))
        {
            errors.Add(u.BaseShare is null ? "urbanization.baseShare" : "urbanization.growthPointsPerYear",
                "urbanization arrivals need urbanSharePath, or baseShare with growthPointsPerYear.");
        }
    }

    private static void CheckShareYear(UrbanShareYear year, string at, Errors errors)
    {
        errors.Share($"{at}.share", year.Share);
        if (year.P10 is null != year.P90 is null)
        {
            errors.Add(year.P10 is null ? $"{at}.p10" : $"{at}.p90", "give p10 and p90 together, or neither.");
            return;
        }
        if (year.P10 is not double p10 || year.P90 is not double p90) return;
        errors.Share($"{at}.p10", p10);
        errors.Share($"{at}.p90", p90);
        if (p10 > year.Share || year.Share > p90)
            errors.Add($"{at}.share", string.Create(CultureInfo.InvariantCulture, $"p10 {p10}, share {year.Share} and p90 {p90} must be in rising order."));
    }

    private static void CheckMigration(Scenario scenario, Errors errors)
    {
        var m = scenario.Migration;
        if (m.NationalInflowPerYear < 0) errors.Add("migration.nationalInflowPerYear", "cannot be negative.");
        else errors.Range("migration.nationalInflowPerYear", m.NationalInflowPerYear, 0, 1e9);
        errors.Share("migration.cityShare", m.CityShare);
        errors.Range("migration.inflowMultiplier", m.InflowMultiplier, 0, 100);
        errors.Range("migration.dispersion", m.Dispersion, 0.5, 1e9);
        errors.Share("migration.departureRate", m.DepartureRate);
        errors.Share("migration.returnRate", m.ReturnRate);
        if (errors.List.Any(e => e.Field.StartsWith("migration.", StringComparison.Ordinal) || e.Field.StartsWith("urbanization.", StringComparison.Ordinal))) return;
        double maxBoost = scenario.Levers.Where(l => l?.Action == LeverAction.BoostInflow && l.Factor is > 0).Select(l => l.Factor!.Value).Append(1).Max();
        // A run's band position is clamped to ±MaxBandPosition, and its share change is linear in it on either side of 0.
        double[] positions = scenario.Urbanization.HasBand ? [-MigrantInflow.MaxBandPosition, 0, MigrantInflow.MaxBandPosition] : [0];
        double maxUrban = Enumerable.Range(0, HorizonToCheck(scenario))
            .SelectMany(t => positions.Select(z => MigrantInflow.UrbanizationArrivals(scenario, t, z))).Append(0).Max();
        double maxMean = (MigrantInflow.NationalArrivals(m) + maxUrban) * m.InflowMultiplier * maxBoost;
        if (maxMean > MaxMeanArrivalsPerYear)
            errors.Add("migration", $"expected new arrivals of up to {maxMean.ToString("N0", CultureInfo.InvariantCulture)} a year exceed the model's limit of {MaxMeanArrivalsPerYear.ToString("N0", CultureInfo.InvariantCulture)}.");
    }

    /// <summary>The years to look at: none when the horizon itself is wrong (that has its own error).</summary>
    private static int HorizonToCheck(Scenario scenario) =>
        scenario.Years is >= 1 and <= MaxYears && scenario.StartYear is > int.MinValue + 1 and < int.MaxValue - MaxYears ? scenario.Years : 0;

    private static void CheckWeights(AttractivenessWeights w, Errors errors)
    {
        errors.Range("attractiveness.jobs", w.Jobs, 0, 10);
        errors.Range("attractiveness.centreDecayKm", w.CentreDecayKm, 0.01, 1000);
        errors.Range("attractiveness.density", w.Density, 0, 10);
        errors.Range("attractiveness.room", w.Room, 0, 100);
    }

    private static void CheckRatios(DemandRatios d, ReportHandling r, Errors errors)
    {
        errors.Range("demand.toiletsPerKm2", d.ToiletsPerKm2, 0, 1000);
        errors.Range("demand.residentsPerToilet", d.ResidentsPerToilet, 1, 1e7);
        errors.Range("demand.parkingSpacesPerHousehold", d.ParkingSpacesPerHousehold, 0, 10);
        errors.Range("demand.serviceHallVisitsPerResidentPerYear", d.ServiceHallVisitsPerResidentPerYear, 0, 365);
        errors.Range("demand.serviceHallWorkingDaysPerYear", d.ServiceHallWorkingDaysPerYear, 1, 366);
        errors.Range("demand.householdsPerOfficial", d.HouseholdsPerOfficial, 1, 1e6);
        errors.Range("reports.reportsPerResidentPerYear", r.ReportsPerResidentPerYear, 0, 1000);
        errors.Range("reports.handlingMinutes", r.HandlingMinutes, 0.1, 7 * 24 * 60);
        errors.Range("reports.dutyHoursPerDay", r.DutyHoursPerDay, 0.1, 24);
        errors.RangeIfSet("reports.acknowledgeDeadlineHours", r.AcknowledgeDeadlineHours, 0.01, 24 * 365, "hours");
    }

    private static void CheckCells(Scenario scenario, PlanningCity city, Errors errors)
    {
        foreach (var (id, cell) in scenario.Cells)
        {
            string at = $"cells['{id}']";
            if (!city.Contains(id)) errors.Add(at, $"'{id}' is not a grid cell of {city.Name}.");
            if (cell is null)
            {
                errors.Add(at, "cannot be null.");
                continue;
            }
            if (cell.HousingCapacity is int capacity) errors.Range($"{at}.housingCapacity", capacity, 0, 10_000_000);
            errors.RangeIfSet($"{at}.jobsWeight", cell.JobsWeight, 0.001, 1e6, "a relative weight");
        }
    }

    /// <summary>Collects errors; the range checks also refuse NaN and infinity.</summary>
    internal sealed class Errors
    {
        public List<ScenarioError> List { get; } = [];

        public void Add(string field, string message) => List.Add(new ScenarioError(field, message));

        public void Range(string field, double value, double min, double max, string? unit = null)
        {
            if (!double.IsFinite(value) || value < min || value > max)
                Add(field, $"{Show(value)} is outside {Show(min)} to {Show(max)}{(unit is null ? "" : $" ({unit})")}.");
        }

        public void RangeIfSet(string field, double? value, double min, double max, string unit)
        {
            if (value is double v) Range(field, v, min, max, unit);
        }

        public void Share(string field, double value) => Range(field, value, 0, 1, "a share: a fraction from 0 to 1, not percent");

        private static string Show(double value) => value.ToString("G", CultureInfo.InvariantCulture);
    }
}
