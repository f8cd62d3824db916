using MathNet.Numerics.Distributions;

namespace SmartCity.Simulator.Planning.Urbanization;

/// <summary>
/// The United Nations urban-rural growth difference (URGD) method: ln(U/R) = logit(p) changes linearly in time at the
/// rate d = r_urban - r_rural, so d is the slope of logit(p) against the year. Here d is estimated by ordinary least
/// squares over the most recent years and held constant. Sources: United Nations (1974), Methods for Projections of
/// Urban and Rural Population (Manual VIII, Population Studies No. 55), p. 29; National Research Council (2003), Cities
/// Transformed, appendix D; UN DESA Population Division (2018), World Urbanization Prospects: The 2018 Revision,
/// Methodology, ESA/P/WP/252, which further lets d converge on a world norm (docs/planning-urbanization.md).
/// </summary>
public sealed class GrowthDifferenceFit : IFittedUrbanModel
{
    public const string ModelName = "urgd";

    private const int MinimumPoints = 3;

    private GrowthDifferenceFit(int firstYear, int lastYear, double centreYear, double level, double levelError, double difference, double differenceError, int points)
    {
        FirstYear = firstYear;
        LastYear = lastYear;
        CentreYear = centreYear;
        Level = level;
        LevelError = levelError;
        Difference = difference;
        DifferenceError = differenceError;
        double t = StudentT.InvCDF(0, 1, points - 2, 0.975);
        // d is reported in percent per year, the unit the UN tables use for growth differences.
        Parameters =
        [
            new("URGD d", 100 * difference, 100 * differenceError, 100 * (difference - t * differenceError), 100 * (difference + t * differenceError), "%/year"),
            new("logit at centre", level, levelError, level - t * levelError, level + t * levelError, FormattableString.Invariant($"ln(U/R) in {centreYear:F1}")),
        ];
        Notes = [FormattableString.Invariant($"fitted on {points} years {firstYear}..{lastYear}")];
    }

    public string Name => ModelName;

    public int FirstYear { get; }

    public int LastYear { get; }

    /// <summary>The mean year of the window; measuring time from it makes the level and slope estimates uncorrelated.</summary>
    public double CentreYear { get; }

    /// <summary>logit(p) = ln(U/R) at the centre year.</summary>
    public double Level { get; }

    public double LevelError { get; }

    /// <summary>The urban-rural growth difference d, per year (0.03 means 3 % a year).</summary>
    public double Difference { get; }

    public double DifferenceError { get; }

    public IReadOnlyList<FittedParameter> Parameters { get; }

    public IReadOnlyList<string> Notes { get; }

    public double ShareIn(int year) => ShareFromLogit(Level + Difference * (year - CentreYear));

    /// <summary>Fits d on the observations of the last <paramref name="recentYears"/> years (at least three points).</summary>
    public static GrowthDifferenceFit Fit(IReadOnlyList<UrbanObservation> observations, int recentYears)
    {
        int lastYear = observations[^1].Year;
        var window = observations.Where(o => o.Year > lastYear - recentYears).ToList();
        if (window.Count < MinimumPoints) window = [.. observations.TakeLast(MinimumPoints)];

        double centre = window.Average(o => o.Year);
        double[] x = [.. window.Select(o => o.Year - centre)];
        double[] y = [.. window.Select(o => Logit(o.UrbanShare))];
        var (level, difference) = MathNet.Numerics.Fit.Line(x, y);
        double squaredResiduals = x.Zip(y, (xi, yi) => Math.Pow(yi - level - difference * xi, 2)).Sum();
        double spread = x.Sum(xi => xi * xi);
        double s = Math.Sqrt(squaredResiduals / (window.Count - 2));
        return new GrowthDifferenceFit(window[0].Year, lastYear, centre, level, s / Math.Sqrt(window.Count), difference, s / Math.Sqrt(spread), window.Count);
    }

    /// <summary>A curve with the level and d drawn independently from their normal sampling distributions.</summary>
    public Func<int, double> DrawCurve(Random random)
    {
        double level = Level + LevelError * Normal.Sample(random, 0, 1);
        double difference = Difference + DifferenceError * Normal.Sample(random, 0, 1);
        return year => ShareFromLogit(level + difference * (year - CentreYear));
    }

    /// <summary>ln(U/R) for an urban share in percent: U/R = p / (100 - p).</summary>
    public static double Logit(double share) => Math.Log(share / (100 - share));

    public static double ShareFromLogit(double logit) => 100 / (1 + Math.Exp(-logit));
}
