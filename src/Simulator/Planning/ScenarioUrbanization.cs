using SmartCity.Grains.Planning;
using SmartCity.Simulator.Planning.Charts;
using SmartCity.Simulator.Planning.Urbanization;

namespace SmartCity.Simulator.Planning;

/// <summary>
/// The urban share a scenario feeds its runs, on the command line: a series file named in the scenario is projected
/// here into urbanSharePath with its P10–P90 band, and whatever the input, the path is what the urban-share chart shows.
/// </summary>
/// <remarks>
/// The boundary between percent and fractions is here and only here: series files and `urbanization project` speak
/// percent (as statistical offices publish), the planning model speaks fractions (as the validator checks, 0..1).
/// </remarks>
public static class ScenarioUrbanization
{
    /// <summary>Observed years shown before the start on the urban-share chart, for context.</summary>
    public const int ObservedYearsShown = 15;

    /// <summary>A projected year, percent, as the model's share year, fractions.</summary>
    public static UrbanShareYear FromPercent(ProjectedYear year) =>
        new() { Year = year.Year, Share = year.P50 / 100, P10 = year.P10 / 100, P90 = year.P90 / 100 };

    /// <summary>
    /// The scenario with urbanization.seriesFile replaced by urbanSharePath: observed years as they are (no band), then
    /// the projection of `urbanization project --series FILE --to END` with its default settings, so the two agree.
    /// Null with the error (naming urbanization.seriesFile) when the file cannot give the years the scenario needs.
    /// </summary>
    /// <param name="scenario">A scenario whose start year is already resolved.</param>
    /// <param name="scenarioDirectory">Where a relative series path starts from: the scenario file's folder.</param>
    public static Scenario? ResolveSeries(Scenario scenario, string scenarioDirectory, out UrbanSeries? series, out ScenarioError? error)
    {
        series = null;
        error = null;
        var input = scenario.Urbanization;
        if (input.SeriesFile is not { } file) return scenario;
        const string Field = "urbanization.seriesFile";
        if (input.UrbanSharePath is not null || input.BaseShare is not null || input.GrowthPointsPerYear is not null)
            return Fail(Field, "give a series file, urbanSharePath, or baseShare with growthPointsPerYear: one of them.", out error);
        string path = Path.GetFullPath(Path.Combine(scenarioDirectory, file));
        if (!File.Exists(path)) return Fail(Field, $"there is no file {path}.", out error);
        if (UrbanSeries.Read(path, out var problem) is not { } read) return Fail(Field, $"{file}: {problem}.", out error);
        int first = scenario.StartYear - 1, last = scenario.StartYear + scenario.Years - 1;
        if (read.FirstYear > first) return Fail(Field, $"{file} starts in {read.FirstYear}; the scenario needs the share from {first}.", out error);
        if (last - read.LastYear > UrbanizationCommand.MaximumHorizon)
            return Fail(Field, $"{file} ends in {read.LastYear}, more than {UrbanizationCommand.MaximumHorizon} years before {last}.", out error);

        var years = new List<UrbanShareYear>();
        for (int year = first; year <= Math.Min(last, read.LastYear); year++)
        {
            if (read.ShareIn(year) is not double observed) return Fail(Field, $"{file} has no value for {year}.", out error);
            years.Add(new UrbanShareYear { Year = year, Share = observed / 100 });
        }
        if (last > read.LastYear)
        {
            if (UrbanProjection.Project(read, last, new ProjectionSettings(), out string? projectionProblem) is not { } projection)
                return Fail(Field, $"{file}: {projectionProblem}.", out error);
            years.AddRange(projection.Years.Where(y => y.Year >= first).Select(FromPercent));
        }
        series = read;
        return scenario with { Urbanization = input with { SeriesFile = null, UrbanSharePath = years } };
    }

    /// <summary>The urban share the runs follow (fractions), or null when the scenario has no urbanization input.</summary>
    public static UrbanShareChartInput? ChartInput(Scenario scenario, UrbanSeries? observed)
    {
        var input = scenario.Urbanization;
        IReadOnlyList<UrbanShareBandYear> years;
        if (input.UrbanSharePath is { Count: > 0 } path)
            years = [.. path.OrderBy(p => p.Year).Select(p => new UrbanShareBandYear(p.Year, p.P10 ?? p.Share, p.Share, p.P90 ?? p.Share))];
        else if (input.BaseShare is double baseShare && input.GrowthPointsPerYear is double points)
            years = [.. Enumerable.Range(scenario.StartYear - 1, scenario.Years + 1).Select(y =>
            {
                double share = Math.Clamp(baseShare + points / 100 * (y - scenario.StartYear + 1), 0, 1);
                return new UrbanShareBandYear(y, share, share, share);
            })];
        else return null;
        var shown = observed?.Observations.Where(o => o.Year > observed.LastYear - ObservedYearsShown).Select(o => (o.Year, o.UrbanShare / 100)).ToArray() ?? [];
        return new UrbanShareChartInput(years, shown, observed is null ? "" : $"vintage: {observed.VintageText}");
    }

    private static Scenario? Fail(string field, string message, out ScenarioError? error)
    {
        error = new ScenarioError(field, message);
        return null;
    }
}
