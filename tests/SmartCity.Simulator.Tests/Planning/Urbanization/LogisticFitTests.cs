using SmartCity.Simulator.Planning.Urbanization;

namespace SmartCity.Simulator.Tests.Planning.Urbanization;

public sealed class LogisticFitTests
{
    private static readonly LogisticCurve Truth = new(Ceiling: 72, Rate: 0.06, Midpoint: 2000);

    private static LogisticFit FitNoisyTruth(int seed) =>
        LogisticFit.Fit(UrbanizationFiles.Synthetic(1960, 2040, year => Truth.ShareIn(year), noise: 0.15, seed).Observations);

    [Fact]
    public void Fit_recovers_the_ceiling_rate_and_midpoint_of_a_noisy_logistic()
    {
        var fit = FitNoisyTruth(seed: 11);

        Assert.InRange(fit.Curve.Ceiling, Truth.Ceiling - 0.5, Truth.Ceiling + 0.5);
        Assert.InRange(fit.Curve.Rate, Truth.Rate - 0.002, Truth.Rate + 0.002);
        Assert.InRange(fit.Curve.Midpoint, Truth.Midpoint - 0.5, Truth.Midpoint + 0.5);
        Assert.InRange(fit.ResidualStandardError, 0.1, 0.2);
        Assert.False(fit.CeilingAtBound);
        Assert.Empty(fit.Notes);
    }

    [Fact]
    public void Confidence_intervals_cover_the_true_parameters_about_95_times_in_100()
    {
        double[] truth = [Truth.Ceiling, Truth.Rate, Truth.Midpoint];
        var covered = new int[3];
        const int Series = 40;
        for (int seed = 1; seed <= Series; seed++)
        {
            var parameters = FitNoisyTruth(seed).Parameters;
            for (int i = 0; i < 3; i++)
            {
                if (parameters[i].Lower95 <= truth[i] && truth[i] <= parameters[i].Upper95) covered[i]++;
            }
        }

        // 95 % intervals over 40 independent series: fewer than 34 hits would happen by chance with probability < 1 %.
        Assert.All(covered, hits => Assert.InRange(hits, 34, Series));
    }

    [Fact]
    public void The_ceiling_stays_between_one_point_above_the_data_and_100_percent()
    {
        // A straight climb gives no sign of a ceiling, so the fit leans on a bound and says so.
        var fit = LogisticFit.Fit(UrbanizationFiles.Synthetic(1990, 2020, year => 20 + (year - 1990), noise: 0.1, seed: 3).Observations);

        Assert.InRange(fit.Curve.Ceiling, fit.CeilingBounds.Lower, 100);
        Assert.InRange(fit.CeilingBounds.Lower, 50.5, 51.5);
        if (fit.CeilingAtBound) Assert.Contains("bound", Assert.Single(fit.Notes));
    }

    [Fact]
    public void Drawn_curves_scatter_around_the_fit_and_repeat_for_a_seed()
    {
        var fit = FitNoisyTruth(seed: 5);

        double[] Draw(int seed)
        {
            var random = new Random(seed);
            return [.. Enumerable.Range(0, 500).Select(_ => fit.DrawCurve(random)(2030))];
        }

        double[] first = Draw(7);
        Assert.Equal(first, Draw(7));
        Assert.InRange(first.Average(), fit.ShareIn(2030) - 0.2, fit.ShareIn(2030) + 0.2);
        Assert.True(first.Max() - first.Min() > 0.1);
    }
}
