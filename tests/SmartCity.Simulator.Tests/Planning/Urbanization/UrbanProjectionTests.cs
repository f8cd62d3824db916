using SmartCity.Simulator.Planning.Urbanization;

namespace SmartCity.Simulator.Tests.Planning.Urbanization;

public sealed class UrbanProjectionTests
{
    private static UrbanProjection Project(UrbanSeries series, int to, int seed = 1) =>
        UrbanProjection.Project(series, to, new ProjectionSettings { Seed = seed }, out string? problem) ?? throw new InvalidOperationException(problem);

    [Fact]
    public void The_same_series_and_seed_give_the_same_numbers_and_another_seed_does_not()
    {
        var china = UrbanizationFiles.ReadChina();

        var first = Project(china, 2050, seed: 7).Years;

        Assert.Equal(first, Project(china, 2050, seed: 7).Years);
        Assert.NotEqual(first, Project(china, 2050, seed: 8).Years);
    }

    [Fact]
    public void The_band_is_ordered_and_widens_with_the_horizon()
    {
        var years = Project(UrbanizationFiles.ReadChina(), 2050).Years;

        Assert.Equal(Enumerable.Range(2025, 26), years.Select(y => y.Year));
        Assert.All(years, y => Assert.True(y.P10 <= y.P50 && y.P50 <= y.P90, $"{y}"));
        for (int i = 1; i < years.Count; i++)
            Assert.True(years[i].P90 - years[i].P10 >= years[i - 1].P90 - years[i - 1].P10, $"{years[i - 1]} then {years[i]}");
        Assert.True(years[^1].P90 - years[^1].P10 > 5 * (years[0].P90 - years[0].P10));
    }

    [Fact]
    public void The_band_stays_inside_0_to_100_percent_near_full_urbanization()
    {
        var series = UrbanizationFiles.Synthetic(1980, 2024, year => GrowthDifferenceFit.ShareFromLogit(0.08 * (year - 1980)), noise: 0.3, seed: 2);

        var years = Project(series, 2100).Years;

        Assert.All(years, y => Assert.True(y.P10 >= 0 && y.P90 <= 100, $"{y}"));
    }

    [Fact]
    public void China_fitted_up_to_2010_projects_2011_to_2024_within_a_few_points()
    {
        var china = UrbanizationFiles.ReadChina();

        var years = Project(china.Until(2010), 2024).Years;

        var actual = years.Select(y => china.ShareIn(y.Year)!.Value).ToList();
        double meanAbsoluteError = years.Select((y, i) => Math.Abs(actual[i] - y.P50)).Average();
        int inside = years.Where((y, i) => y.P10 <= actual[i] && actual[i] <= y.P90).Count();
        Assert.True(meanAbsoluteError < 2.5, $"mean absolute error {meanAbsoluteError:F2} percentage points");
        Assert.True(inside >= 11, $"{inside} of 14 actual values inside P10..P90");
    }

    [Fact]
    public void A_series_too_short_to_back_test_is_refused_with_the_reason()
    {
        var series = UrbanizationFiles.Synthetic(2000, 2009, year => 30 + year - 2000, noise: 0.1, seed: 1);

        Assert.Null(UrbanProjection.Project(series, 2020, new ProjectionSettings(), out string? problem));
        Assert.Contains("at least 11", problem);
    }
}
