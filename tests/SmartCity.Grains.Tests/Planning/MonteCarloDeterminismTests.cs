using System.Text.Json;
using System.Text.Json.Serialization;
using SmartCity.Grains.City;
using SmartCity.Grains.Planning;

namespace SmartCity.Grains.Tests.Planning;

/// <summary>The demo city (400 cells) with 24 runs over 8 years: the same seed gives the same numbers however the runs are split.</summary>
public sealed class MonteCarloDeterminismTests
{
    private static readonly PlanningCity Demo = PlanningCity.FromCity(DemoCityGenerator.Generate());

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private static Scenario Scenario(long seed) => new()
    {
        Name = "demo growth", StartYear = 2027, Years = 8, Runs = 24, Seed = seed,
        Migration = new MigrationInput { CityShare = 0.002, Dispersion = 20 },
        Urbanization = new UrbanizationInput { RegionalPopulation = 66_000_000, CityShareOfUrbanGrowth = 0.005, BaseShare = 0.74, GrowthPointsPerYear = 0.6 },
        Levers = [PolicyLever.BoostInflow(2030, 1.5), PolicyLever.BuildFacilities(2029, "all", "publicToilet", 1)],
    };

    [Fact]
    public void The_same_seed_gives_identical_results_whether_run_at_once_in_parallel_or_in_uneven_batches_merged_in_any_order()
    {
        var scenario = Scenario(seed: 7);
        Assert.Empty(ScenarioValidator.Validate(scenario, Demo, 2026));
        var model = new MonteCarlo(scenario, Demo);

        string single = Serialize(model.Run(maxDegreeOfParallelism: 1));
        string parallel = Serialize(new MonteCarlo(scenario, Demo).Run(maxDegreeOfParallelism: 4));
        var batches = new[] { (17, 7), (0, 5), (5, 12) }.Select(b =>
        {
            // As a grain would: a fresh model per batch, its own accumulator, merged later.
            var batchModel = new MonteCarlo(scenario, Demo);
            var accumulator = batchModel.NewAccumulator();
            accumulator.Add(batchModel.RunBatch(b.Item1, b.Item2));
            return accumulator;
        }).ToArray();
        var merged = model.NewAccumulator();
        foreach (var batch in batches) merged.Add(batch);
        string split = Serialize(merged.ToResult());

        Assert.Equal(single, parallel);
        Assert.Equal(single, split);
        Assert.Equal(model.RunBatch(5, 1)[0].Residents, model.RunBatch(0, 8)[5].Residents);
    }

    [Fact]
    public void Different_seeds_give_different_numbers()
    {
        var first = new MonteCarlo(Scenario(seed: 7), Demo).Run();
        var second = new MonteCarlo(Scenario(seed: 8), Demo).Run();

        // (By the last year the city is full in every run, so its residents no longer tell the seeds apart.)
        Assert.NotEqual(first.CityByYear[0].Arrivals, second.CityByYear[0].Arrivals);
        Assert.NotEqual(first.CityByYear[0].Residents, second.CityByYear[0].Residents);
        Assert.NotEqual(Serialize(first), Serialize(second));
    }

    [Fact]
    public void The_demo_city_grows_by_its_arrivals_and_the_bands_are_ordered()
    {
        var result = new MonteCarlo(Scenario(seed: 7), Demo).Run();

        double start = Demo.Cells.Sum(c => c.Residents);
        var last = result.CityByYear[^1];
        Assert.True(last.Residents.P50 > start, "the city should grow");
        Assert.All(result.CityByYear, year =>
        {
            Assert.True(year.Residents.P10 <= year.Residents.P50 && year.Residents.P50 <= year.Residents.P90);
            Assert.True(year.Arrivals.P10 < year.Arrivals.P90, "arrivals should vary from run to run");
        });
        // 20,000 national arrivals a year plus about 2,000 from urbanization, boosted by half from 2030.
        Assert.InRange(result.CityByYear[0].Arrivals.P50, 15_000, 30_000);
        Assert.All(result.Cells, cell => Assert.All(cell.Years, year =>
            Assert.True(year.Residents.P90 <= Demo.Cells.First(c => c.Id == cell.CellId).HousingCapacity + 1e-9)));
    }

    [Fact]
    public void Two_scenarios_line_up_side_by_side()
    {
        var baseline = new MonteCarlo(Scenario(seed: 7) with { Name = "baseline", Levers = [] }, Demo).Run();
        var capped = new MonteCarlo(Scenario(seed: 7) with { Name = "capped", Levers = [PolicyLever.CapInflow(2027, 2000)] }, Demo).Run();

        var comparison = ScenarioComparison.Compare([baseline, capped]);

        Assert.Equal(["baseline", "capped"], comparison.Scenarios);
        var residents = comparison.Lines.Single(l => l.Measure.StartsWith("residents", StringComparison.Ordinal));
        Assert.True(residents.Values[0] > residents.Values[1]);
        var arrivals = comparison.Lines.Single(l => l.Measure.StartsWith("arrivals", StringComparison.Ordinal));
        Assert.Equal(8 * 2000, arrivals.Values[1]);
        Assert.Contains(comparison.Lines, l => l.Measure.StartsWith("officials: cells short", StringComparison.Ordinal));
        Assert.All(comparison.Cells, c => Assert.NotEqual(c.MedianOpeningYear[0], c.MedianOpeningYear[1]));
    }

    private static string Serialize(PlanningResult result) => JsonSerializer.Serialize(result, Json);
}
