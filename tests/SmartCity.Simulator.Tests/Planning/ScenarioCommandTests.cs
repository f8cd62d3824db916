using System.Globalization;
using SmartCity.Simulator.Planning;
using SmartCity.Grains.Planning;
using SmartCity.Simulator.Tests.Planning.Urbanization;

namespace SmartCity.Simulator.Tests.Planning;

/// <summary>The example scenarios run once each on the demo city with few runs (the first one twice), shared by the tests.</summary>
public sealed class ExampleRuns : IDisposable
{
    public const int Runs = 12;

    /// <summary>
    /// The test classes that read these runs share one instance: a fixture per class would write the same folder twice
    /// at once, and the first to finish would delete it under the other.
    /// </summary>
    public const string Collection = "Example scenario runs";

    public ExampleRuns()
    {
        Inflow = Run("migrant-inflow", "inflow");
        InflowAgain = Run("migrant-inflow", "inflow-again");
        Boost = Run("policy-boost", "boost");
    }

    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), "smartcity-scenario-tests", Guid.NewGuid().ToString("N"));

    public static string Example(string name) => Path.Combine(UrbanizationFiles.RepositoryRoot, "examples", "scenarios", $"{name}.json");

    public (int ExitCode, string Output, string Error, string Directory) Inflow { get; }

    public (int ExitCode, string Output, string Error, string Directory) InflowAgain { get; }

    public (int ExitCode, string Output, string Error, string Directory) Boost { get; }

    /// <summary>The year the tests' clock stands in, whenever they run: the examples (which start next year) then start in 2027.</summary>
    public const int CurrentYear = 2026;

    /// <summary>Runs the command on a clock fixed in <see cref="CurrentYear"/>, so the tests can name the years they expect.</summary>
    public static (int ExitCode, string Output, string Error) Command(params string[] args) => CommandIn(CurrentYear, args);

    /// <summary>Runs the command on a clock fixed at the end of November of <paramref name="year"/>.</summary>
    public static (int ExitCode, string Output, string Error) CommandIn(int year, params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int exitCode = ScenarioCommand.Run(args, output, error, new FixedClock(new DateTimeOffset(year, 11, 29, 12, 0, 0, TimeSpan.Zero)));
        return (exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }

    private static (int, string, string, string) Run(string example, string outName)
    {
        string directory = Path.Combine(Folder, outName);
        var (exitCode, output, error) = Command("run", Example(example), "--runs", $"{Runs}", "--out", directory);
        return (exitCode, output, error, directory);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

[CollectionDefinition(ExampleRuns.Collection)]
public sealed class SharedExampleRuns : ICollectionFixture<ExampleRuns>;

[Collection(ExampleRuns.Collection)]
public sealed class ScenarioCommandTests(ExampleRuns examples)
{
    [Fact]
    public void A_run_writes_the_result_and_both_csv_files_with_ordered_percentiles()
    {
        var run = examples.Inflow;

        Assert.Equal(0, run.ExitCode);
        // No urban-share chart: this scenario has no urbanization input.
        Assert.Equal(["cells.csv", "city-years.csv", "gap-year-map.png", "population-gaps.png", "result.json"],
            Directory.GetFiles(run.Directory).Select(Path.GetFileName).Order());
        string[] cityYears = Lines(Path.Combine(run.Directory, "city-years.csv"));
        Assert.Equal(ScenarioOutputFiles.CityYearsHeader, cityYears[0]);
        Assert.Equal(20 * 5, cityYears.Length - 1);
        Assert.Equal(Enumerable.Range(2027, 20), cityYears.Skip(1).Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).Distinct());
        Assert.All(cityYears.Skip(1), line =>
        {
            double[] v = [.. line.Split(',').Skip(2).Select(Number)];
            for (int band = 0; band < 3; band++) Assert.True(v[3 * band] <= v[3 * band + 1] && v[3 * band + 1] <= v[3 * band + 2], line);
        });
        string[] cells = Lines(Path.Combine(run.Directory, "cells.csv"));
        Assert.Equal(ScenarioOutputFiles.CellsHeader, cells[0]);
        Assert.Equal(400 * 5, cells.Length - 1);
        Assert.All(cells.Skip(1), line =>
        {
            int?[] years = [.. line.Split(',')[3..6].Select(y => y.Length == 0 ? (int?)null : int.Parse(y, CultureInfo.InvariantCulture))];
            // A later percentile of the opening year is never earlier, and "never" (empty) only follows years or other nevers.
            for (int k = 0; k < 2; k++) Assert.True(years[k + 1] is null || (years[k] is int y && y <= years[k + 1]), line);
        });
        var result = ScenarioOutputFiles.ReadResult(Path.Combine(run.Directory, "result.json"));
        Assert.Equal(("Migrant inflow", ExampleRuns.Runs, 2027, 2046), (result.Scenario, result.Runs, result.StartYear, result.EndYear));
        string finalOfficials = $"2046,officials,{ScenarioOutputFiles.Number(result.CityByYear[^1].Need(Need.Officials).CellsShort.P10)},";
        Assert.Single(cityYears, l => l.StartsWith(finalOfficials, StringComparison.Ordinal));
    }

    [Fact]
    public void The_summary_shows_each_need_by_year_and_the_cells_whose_gap_opens_first_and_progress_goes_to_stderr()
    {
        var run = examples.Inflow;

        foreach (string need in new[] { "publicToilets", "parkingSpaces", "serviceHallThroughput", "officials", "acknowledgeTime" })
            Assert.Contains($"{need}: cells short of 400", run.Output);
        Assert.Contains("gap opens first (P50 year): grid:", run.Output);
        Assert.Contains("year     residents    migrants", run.Output);
        Assert.Contains("2046", run.Output);
        Assert.Contains($"{ExampleRuns.Runs}/{ExampleRuns.Runs} runs", run.Error);
        Assert.Contains("runs/s, ETA", run.Error);
        Assert.DoesNotContain("runs/s", run.Output);
    }

    [Fact]
    public void The_same_seed_twice_writes_the_same_result()
    {
        Assert.Equal(
            File.ReadAllText(Path.Combine(examples.Inflow.Directory, "result.json")),
            File.ReadAllText(Path.Combine(examples.InflowAgain.Directory, "result.json")));
    }

    [Fact]
    public void Compare_puts_two_results_side_by_side()
    {
        var (exitCode, output, _) = ExampleRuns.Command(
            "compare", Path.Combine(examples.Inflow.Directory, "result.json"), Path.Combine(examples.Boost.Directory, "result.json"));

        Assert.Equal(0, exitCode);
        string[] lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.Matches(@"^measure\s+Migrant inflow\s+Policy boost$", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("residents in the final year (P50)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("officials: cells short in the final year (P50)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_scenario_with_a_negative_inflow_names_the_field_exits_with_1_and_writes_nothing()
    {
        string folder = Path.Combine(ExampleRuns.Folder, "bad");
        Directory.CreateDirectory(folder);
        string scenario = Path.Combine(folder, "negative.json");
        File.WriteAllText(scenario, File.ReadAllText(ExampleRuns.Example("migrant-inflow")).Replace("10000000", "-5", StringComparison.Ordinal));
        string outDirectory = Path.Combine(folder, "out");

        var (exitCode, output, error) = ExampleRuns.Command("run", scenario, "--runs", "5", "--out", outDirectory);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("migration.nationalInflowPerYear: ", error);
        Assert.False(Directory.Exists(outDirectory));
    }

    [Fact]
    public void A_broken_city_file_exits_with_1_and_says_why()
    {
        string folder = Path.Combine(ExampleRuns.Folder, "broken-city");
        Directory.CreateDirectory(folder);
        string city = Path.Combine(folder, "city.geojson");
        File.WriteAllText(city, "{ \"type\": ");

        var (exitCode, output, error) = ExampleRuns.Command("run", ExampleRuns.Example("migrant-inflow"), "--city", city, "--runs", "5");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("not valid JSON", error);
    }

    [Theory]
    [InlineData("expected run or compare")]
    [InlineData("unknown subcommand \"walk\"", "walk")]
    [InlineData("expected the scenario file", "run", "--runs", "5")]
    [InlineData("--runs 0: must be from 1 to 100,000", "run", "EXAMPLE", "--runs", "0")]
    [InlineData("--runs 100001: must be from 1 to 100,000", "run", "EXAMPLE", "--runs", "100001")]
    [InlineData("--runs: \"many\" is not a whole number", "run", "EXAMPLE", "--runs", "many")]
    [InlineData("--seed needs a value", "run", "EXAMPLE", "--seed")]
    [InlineData("--threads 0: must be from 1 to 1024", "run", "EXAMPLE", "--threads", "0")]
    [InlineData("unknown option --colour", "run", "EXAMPLE", "--colour", "red")]
    [InlineData("unexpected argument \"second.json\"", "run", "EXAMPLE", "second.json")]
    [InlineData("there is no scenario file", "run", "no-such-scenario.json")]
    [InlineData("--city: there is no file", "run", "EXAMPLE", "--city", "no-such-city.geojson")]
    [InlineData("compare needs two or more result.json files", "compare", "one.json")]
    [InlineData("there is no result file", "compare", "one.json", "two.json")]
    [InlineData("--out needs a value", "compare", "one.json", "two.json", "--out")]
    [InlineData("unknown option --colour", "compare", "one.json", "two.json", "--colour", "red")]
    public void A_wrong_command_line_names_the_problem_and_exits_with_2(string message, params string[] args)
    {
        var (exitCode, output, error) = ExampleRuns.Command([.. args.Select(a => a == "EXAMPLE" ? ExampleRuns.Example("migrant-inflow") : a)]);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains(message, error);
        Assert.Contains("usage:", error);
    }

    private static string[] Lines(string path) => File.ReadAllText(path).TrimEnd('\n').Split('\n');

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
