using System.Text.Json;
using SmartCity.Grains.City;
using SmartCity.Grains.Planning;

namespace SmartCity.Simulator.Planning;

/// <summary>
/// `scenario run|compare`: the planners' command line. `run` projects a scenario file on a city with the Monte Carlo and
/// prints a summary (optionally writing result.json and two CSVs); `compare` lines up result files side by side.
/// </summary>
public static class ScenarioCommand
{
    public const string Usage = """
        usage: dotnet run --project src/Simulator -- scenario run SCENARIO.json [--city CITY.geojson] [--runs N] [--seed N] [--out DIR] [--threads N]
               dotnet run --project src/Simulator -- scenario compare A/result.json B/result.json [...]
          run: projects the scenario on the city (default: the demo city) with its Monte Carlo runs, shows progress on
          stderr and prints cells short per need (P10/P50/P90), the cells whose gap opens first, and residents and
          migrants by year. --runs (1..100,000) and --seed override the file's; --threads caps the worker threads;
          --out DIR writes result.json, city-years.csv and cells.csv. A scenario that does not validate is listed
          as field: message, exit code 1. See docs/planning-model.md.
          compare: result.json files of the same city, measure by measure, and the cells whose median gap-opening
          year differs.
        """;

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error, TimeProvider.System);

    /// <summary>0 when done; 1 when the scenario, city or a result file is unusable; 2 for a wrong command line.</summary>
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
        try
        {
            city = PlanningCity.FromCity(options.CityPath is { } path ? CityFile.ReadFile(path) : DemoCityGenerator.Generate(DemoCityGenerator.DefaultSeed));
        }
        catch (Exception e) when (e is CityFileException or ArgumentException)
        {
            error.WriteLine($"scenario: the city file {options.CityPath} is unusable: {e.Message}");
            return 1;
        }
        var (scenario, errors) = Load(options, city, clock.GetUtcNow().Year);
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
            ScenarioOutputFiles.WriteAll(result, directory);
            error.WriteLine($"scenario: wrote {ScenarioOutputFiles.ResultFile}, {ScenarioOutputFiles.CityYearsFile} and {ScenarioOutputFiles.CellsFile} to {Path.GetFullPath(directory)}");
        }
        return 0;
    }

    /// <summary>
    /// The scenario with the command line's runs and seed, or its errors: parse errors, else validation errors after the
    /// overrides, so that --runs 50 rescues a file asking for too many runs and an override never slips past the validator.
    /// </summary>
    private static (Scenario? Scenario, IReadOnlyList<ScenarioError> Errors) Load(ScenarioRunOptions options, PlanningCity city, int currentYear)
    {
        var parsed = ScenarioFile.Parse(File.ReadAllText(options.ScenarioPath));
        if (parsed.Scenario is not { } scenario) return (null, parsed.Errors);
        scenario = scenario with { Runs = options.Runs ?? scenario.Runs, Seed = options.Seed ?? scenario.Seed };
        var errors = ScenarioValidator.Validate(scenario, city, currentYear);
        return errors.Count == 0 ? (scenario, []) : (null, errors);
    }

    private static int Compare(string[] paths, TextWriter output, TextWriter error)
    {
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
        return 0;
    }

    private static int Refuse(TextWriter error, string problem)
    {
        error.WriteLine($"scenario: {problem}");
        error.WriteLine(Usage);
        return 2;
    }
}
