using System.Text.Json;
using SmartCity.Grains.City;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Planning;
using SmartCity.Simulator.Planning.Charts;
using SmartCity.Simulator.Planning.Urbanization;

namespace SmartCity.Simulator.Planning;

/// <summary>
/// `scenario run|compare`: the planners' command line. `run` projects a scenario file on a city with the Monte Carlo and
/// prints a summary (optionally writing result.json and two CSVs); `compare` lines up result files side by side.
/// </summary>
public static class ScenarioCommand
{
    public const string Usage = """
        usage: dotnet run --project src/Simulator -- scenario run SCENARIO.json [--city CITY.geojson | --from-twin http://HOST:5080] [--runs N] [--seed N] [--out DIR] [--threads N]
               dotnet run --project src/Simulator -- scenario compare A/result.json B/result.json [...] [--out DIR]
          run: projects the scenario on the city (default: the demo city; --from-twin plans on the running twin's
          GET /api/planning/snapshot, capacities as it sees them now) with its Monte Carlo runs, shows progress on
          stderr and prints cells short per need (P10/P50/P90), the cells whose gap opens first, and residents and
          migrants by year. --runs (1..100,000) and --seed override the file's; --threads caps the worker threads;
          --out DIR writes result.json, city-years.csv, cells.csv and PNG charts (population-gaps.png, gap-year-map.png,
          and urban-share.png when the scenario has an urbanization input). A scenario that does not validate is listed
          as field: message, exit code 1. See docs/planning-model.md.
          compare: result.json files of the same city, measure by measure, and the cells whose median gap-opening
          year differs; --out DIR adds compare.png, the scenarios' residents and cells short per need side by side.
        """;

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error, TimeProvider.System);

    /// <summary>
    /// 0 when done; 1 when the scenario (or its series file), the city or a result file is unusable, or --out cannot be
    /// written; 2 for a wrong command line, which includes naming a scenario, city or result file that does not exist.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider clock) => args switch
    {
        ["run", .. var rest] => RunScenario(rest, output, error, clock),
        ["compare", .. var rest] => Compare(rest, output, error),
        [] => Refuse(error, "expected run or compare"),
        _ => Refuse(error, $"unknown subcommand \"{args[0]}\"; expected run or compare"),
    };

    private static int RunScenario(string[] args, TextWriter output, TextWriter error, TimeProvider clock)
    {
        if (ScenarioRunOptions.Parse(args, out string? problem) is not { } options) return Refuse(error, problem!);
        if (!File.Exists(options.ScenarioPath)) return Refuse(error, $"there is no scenario file {Path.GetFullPath(options.ScenarioPath)}");
        if (options.CityPath is { } cityPath && !File.Exists(cityPath)) return Refuse(error, $"--city: there is no file {Path.GetFullPath(cityPath)}");

        PlanningCity city;
        IReadOnlyDictionary<string, IReadOnlyList<GeoPoint>> outlines;
        if (options.FromTwin is { } twin)
        {
            if (TwinSnapshot.Fetch(twin, error) is not { } snapshot) return 1;
            city = snapshot.ToPlanningCity();
            outlines = TwinSnapshot.OutlinesOf(city);
            error.WriteLine($"scenario: planning on the live twin at {twin} as of {snapshot.TakenAt:u}; {snapshot.NotCounted.Count} facilities out of service not counted");
        }
        else
        {
            try
            {
                var definition = options.CityPath is { } path ? CityFile.ReadFile(path) : DemoCityGenerator.Generate(DemoCityGenerator.DefaultSeed);
                city = PlanningCity.FromCity(definition);
                outlines = ScenarioCharts.OutlinesOf(definition);
            }
            catch (Exception e) when (e is CityFileException or ArgumentException)
            {
                error.WriteLine($"scenario: the city file {options.CityPath} is unusable: {e.Message}");
                return 1;
            }
        }
        var (scenario, series, errors) = Load(options, city, clock.GetUtcNow().Year);
        if (scenario is null)
        {
            error.WriteLine($"scenario: {options.ScenarioPath} is not a valid scenario for {city.Name}:");
            foreach (var e in errors) error.WriteLine($"  {e.Field}: {e.Message}");
            return 1;
        }

        var progress = new RunProgressBar(error, scenario.Runs, clock);
        var result = new MonteCarlo(scenario, city).Run(options.Threads, progress);
        progress.Done();
        ScenarioReport.WriteSummary(result, output);
        if (options.OutDirectory is { } directory)
        {
            try
            {
                ScenarioOutputFiles.WriteAll(result, directory);
                var charts = ScenarioCharts.WriteAll(result, ScenarioUrbanization.ChartInput(scenario, series), outlines, directory);
                error.WriteLine($"scenario: wrote {ScenarioOutputFiles.ResultFile}, {ScenarioOutputFiles.CityYearsFile}, {ScenarioOutputFiles.CellsFile} and {string.Join(", ", charts)} to {Path.GetFullPath(directory)}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The summary is printed already; the files are what failed, and that is the run's outcome.
                error.WriteLine($"scenario: could not write to {Path.GetFullPath(directory)}: {e.Message}");
                return 1;
            }
        }
        return 0;
    }

    /// <summary>
    /// The scenario with its years resolved against <paramref name="currentYear"/>, its series file projected and the
    /// command line's runs and seed, or its errors: parse errors, else validation errors after the overrides, so that
    /// --runs 50 rescues a file asking for too many runs and an override never slips past the validator.
    /// </summary>
    private static (Scenario? Scenario, UrbanSeries? Series, IReadOnlyList<ScenarioError> Errors) Load(ScenarioRunOptions options, PlanningCity city, int currentYear)
    {
        var parsed = ScenarioFile.Parse(File.ReadAllText(options.ScenarioPath));
        if (parsed.Scenario is not { } scenario) return (null, null, parsed.Errors);
        scenario = ScenarioYears.Resolve(scenario, currentYear) with { Runs = options.Runs ?? scenario.Runs, Seed = options.Seed ?? scenario.Seed };
        // A horizon out of range has its own error below; projecting a series over it would only add noise.
        if (scenario.Years is >= 1 and <= ScenarioValidator.MaxYears)
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(options.ScenarioPath))!;
            if (ScenarioUrbanization.ResolveSeries(scenario, directory, out var series, out var seriesError) is not { } resolved)
                return (null, null, [seriesError!]);
            scenario = resolved;
            var errors = ScenarioValidator.Validate(scenario, city, currentYear);
            return errors.Count == 0 ? (scenario, series, []) : (null, null, errors);
        }
        return (null, null, ScenarioValidator.Validate(scenario with { Urbanization = scenario.Urbanization with { SeriesFile = null } }, city, currentYear));
    }

    private static int Compare(string[] args, TextWriter output, TextWriter error)
    {
        string? outDirectory = null;
        int outAt = Array.IndexOf(args, "--out");
        if (outAt >= 0)
        {
            if (outAt + 1 >= args.Length || args[outAt + 1].StartsWith("--", StringComparison.Ordinal)) return Refuse(error, "--out needs a value");
            outDirectory = args[outAt + 1];
        }
        string[] paths = outAt >= 0 ? [.. args[..outAt], .. args[(outAt + 2)..]] : args;
        if (paths.FirstOrDefault(p => p.StartsWith("--", StringComparison.Ordinal)) is { } option) return Refuse(error, $"unknown option {option}");
        if (paths.Length < 2) return Refuse(error, "compare needs two or more result.json files");
        if (paths.FirstOrDefault(p => !File.Exists(p)) is { } missing) return Refuse(error, $"there is no result file {Path.GetFullPath(missing)}");
        var results = new List<PlanningResult>();
        foreach (string path in paths)
        {
            try
            {
                results.Add(ScenarioOutputFiles.ReadResult(path));
            }
            catch (JsonException e)
            {
                error.WriteLine($"scenario: {path} is not a result written by scenario run: {e.Message}");
                return 1;
            }
        }
        if (results.Any(r => r.City != results[0].City || r.Cells.Count != results[0].Cells.Count))
        {
            error.WriteLine("scenario: the results are of different cities; compare runs on the same city.");
            return 1;
        }
        try
        {
            ScenarioReport.WriteComparison(ScenarioComparison.Compare(results), output);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"scenario: {e.Message}");
            return 1;
        }
        if (outDirectory is null) return 0;
        try
        {
            Directory.CreateDirectory(outDirectory);
            File.WriteAllBytes(Path.Combine(outDirectory, ComparisonChart.File), ComparisonChart.Render(results));
            error.WriteLine($"scenario: wrote {ComparisonChart.File} to {Path.GetFullPath(outDirectory)}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"scenario: could not write to {Path.GetFullPath(outDirectory)}: {e.Message}");
            return 1;
        }
        return 0;
    }

    private static int Refuse(TextWriter error, string problem)
    {
        error.WriteLine($"scenario: {problem}");
        error.WriteLine(Usage);
        return 2;
    }
}
