namespace SmartCity.Simulator.Planning.Urbanization;

/// <summary>How one model did at one horizon over all cut-offs: errors are actual minus predicted, in percentage points.</summary>
public sealed record HorizonError(int Horizon, int Count, double MeanError, double RootMeanSquareError);

/// <summary>One model's back-test: its errors per horizon, the mean squared error its weight comes from, and the weight.</summary>
public sealed record ModelBacktest(string Model, IReadOnlyList<HorizonError> Horizons, double MeanSquaredError, double Weight)
{
    /// <summary>The horizons with enough cut-offs behind them to estimate an error from.</summary>
    public IEnumerable<HorizonError> Measured => Horizons.Where(h => h.Count >= Backtest.MinimumSamplesPerHorizon);

    /// <summary>
    /// The error spread the band uses at <paramref name="horizon"/>: the back-test RMSE, never smaller than at a shorter
    /// horizon (an error cannot shrink by looking further ahead; this keeps sampling noise from narrowing the band), and
    /// beyond the longest measured horizon H growing in proportion, sigma(h) = sigma(H) h / H, as the error of a trend
    /// extrapolated with a wrong slope does.
    /// </summary>
    public double SigmaAt(int horizon)
    {
        double runningMaximum = 0;
        int lastHorizon = 0;
        foreach (var error in Measured)
        {
            if (error.Horizon > horizon)
                return lastHorizon == 0 ? error.RootMeanSquareError * horizon / error.Horizon : runningMaximum;
            runningMaximum = Math.Max(runningMaximum, error.RootMeanSquareError);
            lastHorizon = error.Horizon;
        }
        return lastHorizon == 0 ? 0 : runningMaximum * horizon / lastHorizon;
    }
}

/// <summary>
/// Back-testing on the series itself: for each cut-off year c the models are fitted on the years up to c and predict
/// c + 1 .. c + H, scored against what the series says. Weights are inverse mean squared errors (Bates and Granger 1969).
/// </summary>
public sealed class Backtest
{
    /// <summary>Horizons seen at fewer cut-offs than this give no error estimate of their own.</summary>
    public const int MinimumSamplesPerHorizon = 3;

    /// <summary>With fewer cut-offs than this there is nothing to weigh the models by.</summary>
    public const int MinimumCutOffs = 3;

    private Backtest(IReadOnlyList<int> cutOffYears, IReadOnlyList<ModelBacktest> models, IReadOnlyDictionary<(string Model, int CutOff), Func<int, double>> predictions)
    {
        CutOffYears = cutOffYears;
        Models = models;
        Predictions = predictions;
    }

    public IReadOnlyList<int> CutOffYears { get; }

    public IReadOnlyList<ModelBacktest> Models { get; }

    /// <summary>Each model's prediction as fitted at each cut-off, for reports and tests.</summary>
    public IReadOnlyDictionary<(string Model, int CutOff), Func<int, double>> Predictions { get; }

    /// <summary>
    /// The cut-offs: every observed year of the last <paramref name="backtestYears"/> before the series ends that leaves
    /// at least <see cref="UrbanSeries.MinimumObservations"/> years to fit on. Null when that leaves fewer than
    /// <see cref="MinimumCutOffs"/>.
    /// </summary>
    public static IReadOnlyList<int>? CutOffsFor(UrbanSeries series, int backtestYears)
    {
        var years = series.Observations.Select(o => o.Year).ToList();
        List<int> cutOffs = [.. years
            .Where((year, index) => index + 1 >= UrbanSeries.MinimumObservations && year < series.LastYear && year >= series.LastYear - backtestYears)];
        return cutOffs.Count >= MinimumCutOffs ? cutOffs : null;
    }

    /// <summary>Runs the back-test for horizons 1..<paramref name="horizon"/> on the cut-offs <paramref name="cutOffs"/>.</summary>
    public static Backtest Run(UrbanSeries series, IReadOnlyList<int> cutOffs, int horizon, IReadOnlyList<UrbanModelKind> kinds)
    {
        var predictions = new Dictionary<(string, int), Func<int, double>>();
        var errors = kinds.ToDictionary(k => k.Name, _ => Enumerable.Range(0, horizon + 1).Select(_ => new List<double>()).ToArray());
        foreach (int cutOff in cutOffs)
        {
            var training = series.Until(cutOff).Observations;
            foreach (var kind in kinds)
            {
                var model = kind.Fit(training);
                predictions[(kind.Name, cutOff)] = model.ShareIn;
                for (int h = 1; h <= horizon; h++)
                {
                    double predicted = model.ShareIn(cutOff + h);
                    if (series.ShareIn(cutOff + h) is double actual && double.IsFinite(predicted)) errors[kind.Name][h].Add(actual - predicted);
                }
            }
        }

        var horizons = kinds.ToDictionary(k => k.Name, k => Enumerable.Range(1, horizon).Select(h => Summarise(h, errors[k.Name][h])).ToList());
        // Each measured horizon counts once, so the many short-horizon errors do not drown the few long ones.
        var meanSquared = kinds.ToDictionary(k => k.Name, k => horizons[k.Name]
            .Where(e => e.Count >= MinimumSamplesPerHorizon)
            .Select(e => e.RootMeanSquareError * e.RootMeanSquareError)
            .DefaultIfEmpty(double.PositiveInfinity).Average());
        var weights = InverseErrorWeights(kinds.Select(k => meanSquared[k.Name]).ToList());
        var models = kinds.Select((k, i) => new ModelBacktest(k.Name, horizons[k.Name], meanSquared[k.Name], weights[i])).ToList();
        return new Backtest(cutOffs, models, predictions);
    }

    /// <summary>
    /// w_m = (1 / MSE_m) / sum over k of (1 / MSE_k). A model that fits the back-test exactly takes all the weight;
    /// when no model could be scored (no horizon measured) they share it equally.
    /// </summary>
    public static IReadOnlyList<double> InverseErrorWeights(IReadOnlyList<double> meanSquaredErrors)
    {
        const double Exact = 1e-12;
        if (meanSquaredErrors.All(e => !double.IsFinite(e))) return [.. meanSquaredErrors.Select(_ => 1.0 / meanSquaredErrors.Count)];
        if (meanSquaredErrors.Any(e => e < Exact))
        {
            int exact = meanSquaredErrors.Count(e => e < Exact);
            return [.. meanSquaredErrors.Select(e => e < Exact ? 1.0 / exact : 0)];
        }
        double total = meanSquaredErrors.Sum(e => 1 / e);
        return [.. meanSquaredErrors.Select(e => 1 / e / total)];
    }

    private static HorizonError Summarise(int horizon, List<double> errors) => errors.Count == 0
        ? new HorizonError(horizon, 0, double.NaN, double.NaN)
        : new HorizonError(horizon, errors.Count, errors.Average(), Math.Sqrt(errors.Average(e => e * e)));
}
