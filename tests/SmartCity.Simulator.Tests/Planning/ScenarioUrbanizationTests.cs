using System.Globalization;
using SmartCity.Grains.Planning;
using SmartCity.Simulator.Planning;
using SmartCity.Simulator.Planning.Charts;
using SmartCity.Simulator.Tests.Planning.Urbanization;

namespace SmartCity.Simulator.Tests.Planning;

/// <summary>A scenario fed by an urban-share series file, and the examples that must keep running as the calendar moves on.</summary>
public sealed class ScenarioUrbanizationTests : IDisposable
{
    // A folder of its own: ExampleRuns deletes its folder when its tests are done, which may be while these run.
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "smartcity-scenario-tests", "urbanization-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_series_file_becomes_the_projection_of_urbanization_project_in_fractions_with_its_band()
    {
        var scenario = ScenarioYears.Resolve(ScenarioFile.Parse(File.ReadAllText(ExampleRuns.Example("urbanization"))).Scenario!, ExampleRuns.CurrentYear);
        var (exitCode, csv, _) = UrbanizationFiles.Run("project", "--series", UrbanizationFiles.ChinaSeries, "--to", "2046");
        Assert.Equal(0, exitCode);
        var printed = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',').Select(Number).ToArray())
            .ToDictionary(v => (int)v[0]);

        var resolved = ScenarioUrbanization.ResolveSeries(scenario, Path.GetDirectoryName(ExampleRuns.Example("urbanization"))!, out var series, out var error);

        Assert.Null(error);
        Assert.NotNull(series);
        var path = resolved!.Urbanization.UrbanSharePath!;
        Assert.Null(resolved.Urbanization.SeriesFile);
        Assert.Equal(Enumerable.Range(2026, 21), path.Select(p => p.Year));
        // The command prints percent with two decimals; the scenario holds fractions: the same numbers divided by 100.
        Assert.All(path, year =>
        {
            Assert.Equal(printed[year.Year][1] / 100, year.P10!.Value, 0.00006);
            Assert.Equal(printed[year.Year][2] / 100, year.Share, 0.00006);
            Assert.Equal(printed[year.Year][3] / 100, year.P90!.Value, 0.00006);
        });
        Assert.True(path[^1].P90 - path[^1].P10 > path[0].P90 - path[0].P10, "the band widens with the horizon");
        Assert.Empty(ScenarioValidator.Validate(resolved, PlanningCity.FromCity(Grains.City.DemoCityGenerator.Generate(Grains.City.DemoCityGenerator.DefaultSeed)), ExampleRuns.CurrentYear));
    }

    [Fact]
    public void Observed_years_of_the_series_are_taken_as_they_are_without_a_band()
    {
        var scenario = new Scenario
        {
            Name = "back then", StartYear = 2021, Years = 6,
            Urbanization = new UrbanizationInput { RegionalPopulation = 1e9, CityShareOfUrbanGrowth = 1e-4, SeriesFile = UrbanizationFiles.ChinaSeries },
        };

        var path = ScenarioUrbanization.ResolveSeries(scenario, "/", out _, out var error)!.Urbanization.UrbanSharePath!;

        Assert.Null(error);
        Assert.Equal((2020, 2024, 0.63560), (path[0].Year, path[4].Year, Math.Round(path[2].Share, 5)));
        Assert.All(path.Take(5), p => Assert.Null(p.P10));
        Assert.All(path.Skip(5), p => Assert.True(p.P10 < p.Share && p.Share < p.P90));
    }

    [Fact]
    public void The_urbanization_example_runs_with_its_band_and_charts_the_urban_share()
    {
        string directory = Path.Combine(_folder, "out");

        var (exitCode, output, error) = ExampleRuns.Command("run", ExampleRuns.Example("urbanization"), "--runs", "12", "--out", directory);

        Assert.True(exitCode == 0, error);
        Assert.Contains("\"Urbanization\" on Hangzhou (demo): 2027-2046", output);
        using var chart = SkiaSharp.SKBitmap.Decode(Path.Combine(directory, ScenarioCharts.UrbanShareFile));
        Assert.Equal((ScenarioCharts.UrbanShareWidth, ScenarioCharts.UrbanShareHeight), (chart.Width, chart.Height));
        var result = ScenarioOutputFiles.ReadResult(Path.Combine(directory, ScenarioOutputFiles.ResultFile));
        Assert.True(result.CityByYear[^1].Arrivals.P90 > result.CityByYear[^1].Arrivals.P10);
    }

    [Fact]
    public void A_missing_series_file_is_named_as_the_field_at_fault()
    {
        string folder = _folder;
        Directory.CreateDirectory(folder);
        string scenario = Path.Combine(folder, "urbanization.json");
        File.WriteAllText(scenario, File.ReadAllText(ExampleRuns.Example("urbanization")));

        var (exitCode, output, error) = ExampleRuns.Command("run", scenario, "--runs", "2");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("urbanization.seriesFile: there is no file ", error);
    }

    [Theory]
    [InlineData("migrant-inflow", 2026)]
    [InlineData("policy-boost", 2026)]
    [InlineData("urbanization", 2026)]
    [InlineData("migrant-inflow", 2040)]
    [InlineData("policy-boost", 2040)]
    [InlineData("urbanization", 2040)]
    public void Every_example_starts_next_year_whatever_year_it_runs_in(string example, int currentYear)
    {
        var (exitCode, output, error) = ExampleRuns.CommandIn(currentYear, "run", ExampleRuns.Example(example), "--runs", "2");

        Assert.True(exitCode == 0, error);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $": {currentYear + 1}-{currentYear + 20}, 2 runs"), output);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
