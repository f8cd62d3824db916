using SkiaSharp;
using SmartCity.Grains.City;
using SmartCity.Grains.Planning;
using SmartCity.Simulator.Planning;
using SmartCity.Simulator.Planning.Charts;

namespace SmartCity.Simulator.Tests.Planning.Charts;

/// <summary>The PNG charts of `scenario run --out`: real PNGs of the stated size, drawn from the data, with readable text.</summary>
[Collection(ExampleRuns.Collection)]
public sealed class ScenarioChartsTests(ExampleRuns examples)
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Theory]
    [InlineData(ScenarioCharts.PopulationAndGapsFile, ScenarioCharts.PopulationAndGapsWidth, ScenarioCharts.PopulationAndGapsHeight)]
    [InlineData(ScenarioCharts.GapYearMapFile, GapYearMap.Width, GapYearMap.Height)]
    public void A_run_with_out_writes_each_chart_as_a_png_of_its_size(string file, int width, int height)
    {
        byte[] png = File.ReadAllBytes(Path.Combine(examples.Inflow.Directory, file));

        Assert.Equal(PngSignature, png[..8]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
    }

    [Theory]
    [InlineData(ScenarioCharts.PopulationAndGapsFile)]
    [InlineData(ScenarioCharts.GapYearMapFile)]
    public void Charts_follow_the_data_two_scenarios_differ_and_the_same_seed_draws_the_same_picture(string file)
    {
        byte[] inflow = File.ReadAllBytes(Path.Combine(examples.Inflow.Directory, file));
        byte[] again = File.ReadAllBytes(Path.Combine(examples.InflowAgain.Directory, file));
        byte[] boost = File.ReadAllBytes(Path.Combine(examples.Boost.Directory, file));

        Assert.Equal(inflow, again);
        Assert.NotEqual(inflow, boost);
    }

    [Fact]
    public void The_gap_map_of_a_city_with_gaps_has_a_patch_of_each_opening_year_colour_and_the_no_gap_colour()
    {
        var result = ScenarioOutputFiles.ReadResult(Path.Combine(examples.Inflow.Directory, ScenarioOutputFiles.ResultFile));
        var openingYears = result.Cells.SelectMany(c => c.GapOpenings).Select(g => g.P50Year).OfType<int>().Distinct().ToArray();
        Assert.NotEmpty(openingYears);
        using var map = SKBitmap.Decode(Path.Combine(examples.Inflow.Directory, ScenarioCharts.GapYearMapFile));

        var colours = Histogram(map);

        // A cell is hundreds of pixels; antialiased edges blend, but each cell's inside is its exact colour.
        Assert.All(openingYears, year => Assert.True(colours.GetValueOrDefault(GapYearMap.ColorOf(year, result.StartYear, result.EndYear)) > 100, $"year {year}"));
        Assert.True(colours.GetValueOrDefault(GapYearMap.NoGap) > 1000);
    }

    [Fact]
    public void The_gap_map_of_a_city_without_gaps_has_no_year_colour_in_its_maps()
    {
        var definition = DemoCityGenerator.Generate(DemoCityGenerator.DefaultSeed);
        var city = PlanningCity.FromCity(definition);
        var scenario = new Scenario
        {
            Name = "nothing short", StartYear = 2027, Years = 3, Runs = 4,
            Demand = new DemandRatios
            {
                ToiletsPerKm2 = 0, ResidentsPerToilet = 1e7, ParkingSpacesPerHousehold = 0, ServiceHallVisitsPerResidentPerYear = 0, HouseholdsPerOfficial = 1e6,
            },
            Reports = new ReportHandling { ReportsPerResidentPerYear = 0 },
        };
        var result = new MonteCarlo(scenario, city).Run();
        Assert.All(result.Cells.SelectMany(c => c.GapOpenings), g => Assert.Null(g.P50Year));

        using var map = SKBitmap.Decode(GapYearMap.Render(result, ScenarioCharts.OutlinesOf(definition)));
        // Only the maps: the legend, which shows every year's colour, is the sixth panel (bottom right).
        var colours = Histogram(map, SKRectI.Create(0, 0, GapYearMap.Width * 2 / 3, GapYearMap.Height));

        Assert.All(Enumerable.Range(2027, 3), year => Assert.False(colours.ContainsKey(GapYearMap.ColorOf(year, 2027, 2029)), $"year {year}"));
        Assert.True(colours.GetValueOrDefault(GapYearMap.NoGap) > 10_000);
    }

    [Fact]
    public void Text_is_drawn_with_the_embedded_font_so_titles_and_labels_appear_without_system_fonts()
    {
        Assert.Equal("DejaVu Sans", ChartFont.Typeface.FamilyName);
        using var chart = SKBitmap.Decode(Path.Combine(examples.Inflow.Directory, ScenarioCharts.PopulationAndGapsFile));

        // The title band above the first plot holds nothing but the title's letters: dark pixels there are text.
        int dark = CountDark(chart, SKRectI.Create(0, 4, chart.Width, 34));
        // The y label, rotated, left of the tick labels.
        int yLabel = CountDark(chart, SKRectI.Create(0, 100, 30, 400));

        Assert.True(dark > 500, $"{dark} dark pixels in the title band");
        Assert.True(yLabel > 50, $"{yLabel} dark pixels where the y label goes");
    }

    [Fact]
    public void The_urban_share_chart_draws_the_band_the_scenario_gives_and_is_skipped_without_urbanization()
    {
        var band = new UrbanShareChartInput(
            [new UrbanShareBandYear(2026, 0.66, 0.67, 0.68), new UrbanShareBandYear(2027, 0.65, 0.68, 0.70)], [(2024, 0.655)], "test");
        var result = ScenarioOutputFiles.ReadResult(Path.Combine(examples.Inflow.Directory, ScenarioOutputFiles.ResultFile));

        byte[] withBand = ScenarioCharts.UrbanShare(result, band);
        byte[] withoutBand = ScenarioCharts.UrbanShare(result, band with { Years = [.. band.Years.Select(y => y with { P10 = y.P50, P90 = y.P50 })] });

        using var bitmap = SKBitmap.Decode(withBand);
        Assert.Equal((ScenarioCharts.UrbanShareWidth, ScenarioCharts.UrbanShareHeight), (bitmap.Width, bitmap.Height));
        Assert.NotEqual(withBand, withoutBand);
        Assert.False(File.Exists(Path.Combine(examples.Inflow.Directory, ScenarioCharts.UrbanShareFile)));
    }

    [Fact]
    public void Compare_with_out_draws_the_scenarios_side_by_side_as_a_png()
    {
        string directory = Path.Combine(ExampleRuns.Folder, "compare-chart");

        var (exitCode, _, error) = ExampleRuns.Command("compare",
            Path.Combine(examples.Inflow.Directory, ScenarioOutputFiles.ResultFile), Path.Combine(examples.Boost.Directory, ScenarioOutputFiles.ResultFile),
            "--out", directory);

        Assert.True(exitCode == 0, error);
        using var chart = SKBitmap.Decode(Path.Combine(directory, ComparisonChart.File));
        Assert.Equal((ComparisonChart.Width, ComparisonChart.Height), (chart.Width, chart.Height));
        // Each scenario's line colour is there: the first and second series colours.
        var colours = Histogram(chart);
        Assert.True(colours.GetValueOrDefault(ChartText.SeriesColors[0]) > 100);
        Assert.True(colours.GetValueOrDefault(ChartText.SeriesColors[1]) > 100);
    }

    [Fact]
    public void An_out_folder_that_cannot_be_written_exits_with_1_after_the_summary()
    {
        string blocker = Path.Combine(ExampleRuns.Folder, "a-file-not-a-folder");
        Directory.CreateDirectory(ExampleRuns.Folder);
        File.WriteAllText(blocker, "");

        var (exitCode, output, error) = ExampleRuns.Command("run", ExampleRuns.Example("migrant-inflow"), "--runs", "2", "--out", blocker);

        Assert.Equal(1, exitCode);
        Assert.Contains("Scenario \"Migrant inflow\"", output);
        Assert.Contains("scenario: could not write to ", error);
    }

    private static Dictionary<SKColor, int> Histogram(SKBitmap bitmap, SKRectI? area = null)
    {
        var box = area ?? SKRectI.Create(0, 0, bitmap.Width, bitmap.Height);
        var pixels = bitmap.Pixels;
        var counts = new Dictionary<SKColor, int>();
        for (int y = box.Top; y < box.Bottom; y++)
        {
            for (int x = box.Left; x < box.Right; x++)
            {
                var colour = pixels[y * bitmap.Width + x];
                counts[colour] = counts.GetValueOrDefault(colour) + 1;
            }
        }
        return counts;
    }

    private static int CountDark(SKBitmap bitmap, SKRectI area) =>
        Histogram(bitmap, area).Where(c => c.Key.Red < 120 && c.Key.Green < 120 && c.Key.Blue < 120).Sum(c => c.Value);
}
