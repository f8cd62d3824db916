using SmartCity.Simulator.Planning.Urbanization;

namespace SmartCity.Simulator.Tests.Planning.Urbanization;

public sealed class GrowthDifferenceFitTests
{
    // ln(U/R) rose 1 % a year until 2000, then 3.5 % a year: only the recent years should count.
    private static double TrueLogit(int year) => year <= 2000 ? -1 + 0.01 * (year - 2000) : -1 + 0.035 * (year - 2000);

    [Fact]
    public void Fit_recovers_the_recent_urban_rural_growth_difference()
    {
        var series = UrbanizationFiles.Synthetic(1970, 2024, year => GrowthDifferenceFit.ShareFromLogit(TrueLogit(year)), noise: 0.03, seed: 4);

        var fit = GrowthDifferenceFit.Fit(series.Observations, recentYears: 10);

        Assert.Equal((2015, 2024), (fit.FirstYear, fit.LastYear));
        Assert.InRange(fit.Difference, 0.034, 0.036);
        var difference = fit.Parameters[0];
        Assert.Equal("URGD d", difference.Name);
        Assert.InRange(3.5, difference.Lower95, difference.Upper95);
        Assert.InRange(fit.ShareIn(2030), GrowthDifferenceFit.ShareFromLogit(TrueLogit(2030)) - 0.3, GrowthDifferenceFit.ShareFromLogit(TrueLogit(2030)) + 0.3);
    }

    [Fact]
    public void Logit_and_its_inverse_agree_and_the_logit_is_ln_urban_over_rural()
    {
        Assert.Equal(Math.Log(60.0 / 40.0), GrowthDifferenceFit.Logit(60), 12);
        Assert.Equal(37.5, GrowthDifferenceFit.ShareFromLogit(GrowthDifferenceFit.Logit(37.5)), 10);
    }

    [Fact]
    public void A_window_with_gaps_still_uses_at_least_three_points()
    {
        var series = new UrbanSeries([.. Enumerable.Range(0, 8).Select(i => 1950 + 10 * i)
            .Select(year => new UrbanObservation(year, GrowthDifferenceFit.ShareFromLogit(-2 + 0.03 * (year - 1950)), null))], null);

        var fit = GrowthDifferenceFit.Fit(series.Observations, recentYears: 10);

        Assert.Equal(2000, fit.FirstYear);
        Assert.Equal(0.03, fit.Difference, 9);
    }
}
