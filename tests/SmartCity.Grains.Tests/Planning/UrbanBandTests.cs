using SmartCity.Grains.City;
using SmartCity.Grains.Planning;

namespace SmartCity.Grains.Tests.Planning;

/// <summary>An urban-share path with its P10–P90 band: each run draws its own path, so the band reaches the arrivals.</summary>
public sealed class UrbanBandTests
{
    private static readonly PlanningCity Demo = PlanningCity.FromCity(DemoCityGenerator.Generate());

    private static Scenario WithPath(bool band) => new()
    {
        Name = "urbanizing", StartYear = 2027, Years = 10, Runs = 60, Seed = 3,
        Urbanization = new UrbanizationInput
        {
            RegionalPopulation = 66_000_000, CityShareOfUrbanGrowth = 0.004,
            // The median rises 0.6 points a year; the band widens by 0.3 points a year on either side.
            UrbanSharePath = [.. Enumerable.Range(0, 11).Select(k => new UrbanShareYear
            {
                Year = 2026 + k, Share = 0.70 + 0.006 * k,
                P10 = band ? 0.70 + 0.003 * k : null, P90 = band ? 0.70 + 0.009 * k : null,
            })],
        },
    };

    [Theory]
    [InlineData(0, 0.75)]
    [InlineData(UrbanShareYear.Z90, 0.80)]
    [InlineData(-UrbanShareYear.Z90, 0.72)]
    [InlineData(-2 * UrbanShareYear.Z90, 0.69)]
    [InlineData(40, 1)]
    public void A_run_at_band_position_z_takes_the_split_normal_share_through_p10_p50_p90(double z, double expected)
    {
        var year = new UrbanShareYear { Year = 2030, Share = 0.75, P10 = 0.72, P90 = 0.80 };

        Assert.Equal(expected, year.ShareAt(z), 12);
    }

    [Fact]
    public void A_band_on_the_urban_share_widens_the_spread_of_arrivals_around_about_the_same_median()
    {
        Assert.Empty(ScenarioValidator.Validate(WithPath(band: true), Demo, 2026));

        var withBand = new MonteCarlo(WithPath(band: true), Demo).Run().CityByYear[^1].Arrivals;
        var without = new MonteCarlo(WithPath(band: false), Demo).Run().CityByYear[^1].Arrivals;

        Assert.True(withBand.P90 - withBand.P10 > 2 * (without.P90 - without.P10), $"{withBand} against {without}");
        Assert.Equal(without.P50, withBand.P50, without.P50 * 0.15);
    }

    [Fact]
    public void Runs_that_draw_from_the_band_give_the_same_numbers_for_the_same_seed_however_they_are_split()
    {
        var scenario = WithPath(band: true);
        var model = new MonteCarlo(scenario, Demo);
        var halves = model.NewAccumulator();
        halves.Add(new MonteCarlo(scenario, Demo).RunBatch(30, 30));
        halves.Add(model.RunBatch(0, 30));

        Assert.Equal(PlanningJson.Write(model.Run(maxDegreeOfParallelism: 1)), PlanningJson.Write(halves.ToResult()));
        Assert.Equal(PlanningJson.Write(model.Run(maxDegreeOfParallelism: 1)), PlanningJson.Write(new MonteCarlo(scenario, Demo).Run(maxDegreeOfParallelism: 3)));
    }

    [Theory]
    [InlineData(0.70, 0.706, null, "urbanization.urbanSharePath[1].p90", "give p10 and p90 together, or neither.")]
    [InlineData(0.71, 0.706, 0.75, "urbanization.urbanSharePath[1].share", "p10 0.71, share 0.706 and p90 0.75 must be in rising order.")]
    [InlineData(0.70, 0.706, 70.6, "urbanization.urbanSharePath[1].p90", "70.6 is outside 0 to 1 (a share: a fraction from 0 to 1, not percent).")]
    public void A_band_that_is_one_sided_out_of_order_or_in_percent_is_refused_by_its_field(double? p10, double share, double? p90, string field, string message)
    {
        var scenario = WithPath(band: true);
        var path = scenario.Urbanization.UrbanSharePath!.ToArray();
        path[1] = path[1] with { P10 = p10, Share = share, P90 = p90 };
        scenario = scenario with { Urbanization = scenario.Urbanization with { UrbanSharePath = path } };

        var errors = ScenarioValidator.Validate(scenario, Demo, 2026);

        Assert.Contains(new ScenarioError(field, message), errors);
    }

    [Fact]
    public void A_series_file_is_refused_where_no_command_line_projects_it()
    {
        var scenario = WithPath(band: false) with
        {
            Urbanization = new UrbanizationInput { RegionalPopulation = 1e6, CityShareOfUrbanGrowth = 0.01, SeriesFile = "china-urban-share.csv" },
        };

        var errors = ScenarioValidator.Validate(scenario, Demo, 2026);

        Assert.Equal(["urbanization.seriesFile"], errors.Select(e => e.Field));
    }
}
