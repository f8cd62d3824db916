using System.Globalization;

namespace SmartCity.Simulator.Planning.Urbanization;

/// <summary>The report on stderr: where the numbers come from, how the models fitted and back-tested, and how the band was made.</summary>
public static class UrbanizationReport
{
    public static void Write(UrbanProjection projection, UrbanizationOptions options, UrbanSeries series, TextWriter error)
    {
        var training = projection.Training;
        var settings = projection.Settings;
        Line(error, $"urbanization {(options.Backtest ? "backtest" : "project")}: series {options.SeriesPath}");
        Line(error, $"vintage: {series.VintageText}");
        Line(error, $"training years: {training.FirstYear}..{training.LastYear} ({training.Observations.Count} observations); projected: {projection.Years[0].Year}..{projection.Years[^1].Year}");
        Line(error, $"seed {settings.Seed}, {settings.Draws} draws; URGD window {settings.RecentYears} years");
        WriteModels(projection, error);
        WriteBacktest(projection.Backtest, error);
        Line(error, $"band: mixture of the models' predictive distributions, draws shared by weight; each draw = parameters drawn from their covariance + z * back-test RMSE at the horizon (running maximum, grown in proportion beyond the longest measured horizon); clamped to 0..100; P10/P50/P90 by the R-8 quantile");
        if (options.Backtest) WriteComparison(projection, series, error);
    }

    private static void WriteModels(UrbanProjection projection, TextWriter error)
    {
        Line(error, $"models fitted on {projection.Training.FirstYear}..{projection.Training.LastYear} (approximate 95 % confidence intervals):");
        foreach (var model in projection.Models)
        {
            foreach (var parameter in model.Parameters)
                Line(error, $"  {model.Name,-9} {parameter.Name,-16} {parameter.Estimate,10:F4}  ({parameter.Lower95:F4} .. {parameter.Upper95:F4})  standard error {parameter.StandardError:F4}  {parameter.Unit}");
            foreach (string note in model.Notes) Line(error, $"  {model.Name,-9} note: {note}");
        }
    }

    private static void WriteBacktest(Backtest backtest, TextWriter error)
    {
        Line(error, $"back-test: {backtest.CutOffYears.Count} cut-offs {backtest.CutOffYears[0]}..{backtest.CutOffYears[^1]}; error = actual - predicted, percentage points");
        error.Write("  horizon");
        foreach (var model in backtest.Models) Line(error, $"  {model.Model + " n",12} {model.Model + " RMSE",14} {model.Model + " mean",14}", newLine: false);
        error.WriteLine();
        int horizons = backtest.Models[0].Horizons.Count;
        for (int h = 0; h < horizons; h++)
        {
            Line(error, $"  {h + 1,7}", newLine: false);
            foreach (var model in backtest.Models)
            {
                var e = model.Horizons[h];
                Line(error, $"  {e.Count,12} {e.RootMeanSquareError,14:F3} {e.MeanError,14:F3}", newLine: false);
            }
            error.WriteLine();
        }
        var weights = backtest.Models.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Model} {m.Weight:F3} (MSE {m.MeanSquaredError:F3})"));
        Line(error, $"weights (inverse mean squared back-test error, each measured horizon counted once): {string.Join(", ", weights)}");
    }

    private static void WriteComparison(UrbanProjection projection, UrbanSeries series, TextWriter error)
    {
        error.WriteLine("actual values against the projection (error = actual - p50, percentage points):");
        error.WriteLine("     year    actual       p10       p50       p90     error  inside P10..P90");
        var errors = new List<double>();
        int inside = 0;
        foreach (var year in projection.Years)
        {
            if (series.ShareIn(year.Year) is not double actual) continue;
            double difference = actual - year.P50;
            bool within = actual >= year.P10 && actual <= year.P90;
            errors.Add(difference);
            if (within) inside++;
            Line(error, $"  {year.Year,7} {actual,9:F2} {year.P10,9:F2} {year.P50,9:F2} {year.P90,9:F2} {difference,9:F2}  {(within ? "yes" : "no")}");
        }
        if (errors.Count == 0)
        {
            error.WriteLine("  (the series has no values for the projected years)");
            return;
        }
        Line(error, $"mean absolute error of p50 {errors.Average(Math.Abs):F2} pp, RMSE {Math.Sqrt(errors.Average(e => e * e)):F2} pp, mean error {errors.Average():F2} pp; actual inside P10..P90 in {inside} of {errors.Count} years");
    }

    private static void Line(TextWriter writer, FormattableString text, bool newLine = true)
    {
        string formatted = text.ToString(CultureInfo.InvariantCulture);
        if (newLine) writer.WriteLine(formatted);
        else writer.Write(formatted);
    }
}
