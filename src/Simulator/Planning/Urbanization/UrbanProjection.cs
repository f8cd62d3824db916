using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace SmartCity.Simulator.Planning.Urbanization;

/// <summary>The projected urban share in one year, in percent: the 10th, 50th and 90th percentiles.</summary>
public sealed record ProjectedYear(int Year, double P10, double P50, double P90);

/// <summary>The choices behind a projection; every default is explained in docs/planning-urbanization.md.</summary>
public sealed record ProjectionSettings
{
    public int Seed { get; init; } = 1;

    /// <summary>The years the URGD is estimated from (the UN method uses the most recent intercensal trend).</summary>
    public int RecentYears { get; init; } = 10;

    /// <summary>How far back from the end of the training data the back-test cut-offs reach.</summary>
    public int BacktestYears { get; init; } = 30;

    /// <summary>Monte Carlo draws behind the percentiles.</summary>
    public int Draws { get; init; } = 10_000;
}

/// <summary>
/// Projects the urban share from a series: both models fitted on all of it, weighted by the back-test, and a band from
/// parameter uncertainty plus each model's back-test error at each horizon, by seeded Monte Carlo simulation.
/// </summary>
public sealed class UrbanProjection
{
    private UrbanProjection(UrbanSeries training, IReadOnlyList<IFittedUrbanModel> models, Backtest backtest, IReadOnlyList<ProjectedYear> years, ProjectionSettings settings)
    {
        Training = training;
        Models = models;
        Backtest = backtest;
        Years = years;
        Settings = settings;
    }

    public UrbanSeries Training { get; }

    /// <summary>The models fitted on the whole training series, in the order of <see cref="Backtest.Models"/>.</summary>
    public IReadOnlyList<IFittedUrbanModel> Models { get; }

    public Backtest Backtest { get; }

    public IReadOnlyList<ProjectedYear> Years { get; }

    public ProjectionSettings Settings { get; }

    /// <summary>The weighted mean of the models' central curves, for the report beside the simulated median.</summary>
    public double WeightedShareIn(int year) => Models.Select((m, i) => Backtest.Models[i].Weight * m.ShareIn(year)).Sum();

    /// <summary>Projects the years after the series ends up to <paramref name="toYear"/>; null with a reason when the series is too short to back-test.</summary>
    public static UrbanProjection? Project(UrbanSeries training, int toYear, ProjectionSettings settings, out string? problem)
    {
        problem = null;
        if (Backtest.CutOffsFor(training, settings.BacktestYears) is not { } cutOffs)
        {
            problem = $"the series up to {training.LastYear} has {training.Observations.Count} years; a back-test needs at least " +
                $"{UrbanSeries.MinimumObservations + Backtest.MinimumCutOffs} (a fit of {UrbanSeries.MinimumObservations} and {Backtest.MinimumCutOffs} cut-offs after it)";
            return null;
        }
        var kinds = UrbanModelKind.All(settings.RecentYears);
        var backtest = Backtest.Run(training, cutOffs, toYear - training.LastYear, kinds);
        var models = kinds.Select(k => k.Fit(training.Observations)).ToList();
        var years = Simulate(training.LastYear, toYear, models, backtest, settings);
        return new UrbanProjection(training, models, backtest, years, settings);
    }

    /// <summary>
    /// The band as a mixture of the models' predictive distributions: model m gets round(w_m N) of the N draws; each
    /// draw takes parameters from the model's sampling distribution and one standard normal z, and in every year adds
    /// z sigma_m(h) at horizon h, so a path that starts high stays high, as a trend error does. Clamped to 0..100.
    /// </summary>
    private static List<ProjectedYear> Simulate(int lastYear, int toYear, List<IFittedUrbanModel> models, Backtest backtest, ProjectionSettings settings)
    {
        var random = new Random(settings.Seed);
        int horizons = toYear - lastYear;
        var samples = Enumerable.Range(0, horizons).Select(_ => new double[settings.Draws]).ToArray();
        int draw = 0;
        for (int m = 0; m < models.Count; m++)
        {
            var scored = backtest.Models[m];
            int count = m == models.Count - 1 ? settings.Draws - draw : Math.Min(settings.Draws - draw, (int)Math.Round(scored.Weight * settings.Draws));
            var sigma = Enumerable.Range(1, horizons).Select(scored.SigmaAt).ToArray();
            for (int i = 0; i < count; i++, draw++)
            {
                var curve = models[m].DrawCurve(random);
                double z = Normal.Sample(random, 0, 1);
                for (int h = 1; h <= horizons; h++)
                    samples[h - 1][draw] = Math.Clamp(curve(lastYear + h) + z * sigma[h - 1], 0, 100);
            }
        }
        return [.. samples.Select((values, index) =>
        {
            Array.Sort(values);
            return new ProjectedYear(lastYear + index + 1,
                SortedArrayStatistics.Quantile(values, 0.1), SortedArrayStatistics.Quantile(values, 0.5), SortedArrayStatistics.Quantile(values, 0.9));
        })];
    }
}
