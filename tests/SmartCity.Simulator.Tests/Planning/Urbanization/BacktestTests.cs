using SmartCity.Simulator.Planning.Urbanization;

namespace SmartCity.Simulator.Tests.Planning.Urbanization;

public sealed class BacktestTests
{
    private static Backtest Run(UrbanSeries series, int horizon = 10)
    {
        var cutOffs = Backtest.CutOffsFor(series, backtestYears: 30)!;
        return Backtest.Run(series, cutOffs, horizon, UrbanModelKind.All(recentYears: 10));
    }

    private static double WeightOf(Backtest backtest, string model) => backtest.Models.Single(m => m.Model == model).Weight;

    [Fact]
    public void A_series_from_a_logistic_with_a_low_ceiling_gives_the_logistic_most_weight()
    {
        var truth = new LogisticCurve(70, 0.08, 1995);
        var series = UrbanizationFiles.Synthetic(1960, 2024, year => truth.ShareIn(year), noise: 0.2, seed: 8);

        var backtest = Run(series);

        Assert.True(WeightOf(backtest, LogisticFit.ModelName) > 0.7, $"logistic weight {WeightOf(backtest, LogisticFit.ModelName):F3}");
    }

    [Fact]
    public void A_series_whose_growth_difference_changed_gives_the_urgd_most_weight()
    {
        // ln(U/R) rose slowly until 1990 and fast since: no single logistic fits both, the recent trend does.
        double Logit(int year) => year <= 1990 ? -1.5 + 0.005 * (year - 1990) : -1.5 + 0.045 * (year - 1990);
        var series = UrbanizationFiles.Synthetic(1960, 2024, year => GrowthDifferenceFit.ShareFromLogit(Logit(year)), noise: 0.1, seed: 9);

        var backtest = Run(series);

        Assert.True(WeightOf(backtest, GrowthDifferenceFit.ModelName) > 0.7, $"urgd weight {WeightOf(backtest, GrowthDifferenceFit.ModelName):F3}");
    }

    [Fact]
    public void Weights_are_inverse_mean_squared_errors_that_sum_to_one()
    {
        Assert.Equal([0.8, 0.2], Backtest.InverseErrorWeights([1.0, 4.0]));
        Assert.Equal([1.0, 0.0], Backtest.InverseErrorWeights([0.0, 4.0]));
        Assert.Equal([0.5, 0.5], Backtest.InverseErrorWeights([double.PositiveInfinity, double.PositiveInfinity]));
    }

    [Fact]
    public void The_error_spread_never_shrinks_with_the_horizon_and_grows_in_proportion_beyond_what_was_measured()
    {
        var model = new ModelBacktest("m", [new(1, 5, 0, 1.0), new(2, 5, 0, 0.8), new(3, 2, 0, 9.0)], 0.82, 1);

        Assert.Equal([1.0, 1.0, 1.5, 2.0], [.. Enumerable.Range(1, 4).Select(model.SigmaAt)]);
    }

    [Fact]
    public void Cut_offs_leave_enough_years_to_fit_and_stop_before_the_last_year()
    {
        var series = UrbanizationFiles.Synthetic(2000, 2014, year => 30 + year - 2000, noise: 0.1, seed: 1);

        Assert.Equal([2007, 2008, 2009, 2010, 2011, 2012, 2013], Backtest.CutOffsFor(series, backtestYears: 30));
        Assert.Null(Backtest.CutOffsFor(series.Until(2009), backtestYears: 30));
    }
}
