using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace SmartCity.Simulator.Planning.Urbanization;

/// <summary>The logistic S-curve share(t) = K / (1 + exp(-r (t - t0))), in percent.</summary>
public sealed record LogisticCurve(double Ceiling, double Rate, double Midpoint)
{
    public double ShareIn(double year) => Ceiling / (1 + Math.Exp(-Rate * (year - Midpoint)));
}

/// <summary>
/// A logistic curve with a fitted, bounded ceiling, estimated by nonlinear least squares (Levenberg-Marquardt,
/// MathNet), with confidence intervals from the linearised covariance s^2 (J^T J)^-1 (Bates and Watts 1988, ch. 2).
/// </summary>
public sealed class LogisticFit : IFittedUrbanModel
{
    public const string ModelName = "logistic";

    // Rate bounds in 1/year: rising curves only. A rate of 1/year takes a share from 10 to 90 % of the ceiling in
    // ln(81) = 4.4 years, where national urban transitions take decades, so the upper bound only stops runaway fits.
    private const double MinimumRate = 1e-4, MaximumRate = 1.0;
    // The midpoint may lie well outside the data (an early or a late urbaniser), but not without bound.
    private const double MidpointReach = 150;
    // Starting ceilings as fractions of the way from the lower to the upper bound; the best of the fits is kept.
    private static readonly double[] StartingCeilings = [0.05, 0.35, 0.65, 0.95];

    private readonly Matrix<double> _covariance;
    private readonly Matrix<double>? _covarianceFactor;

    private LogisticFit(LogisticCurve curve, double lowerCeiling, Matrix<double> covariance, double residualStandardError, int degreesOfFreedom)
    {
        Curve = curve;
        CeilingBounds = (lowerCeiling, 100);
        _covariance = covariance;
        ResidualStandardError = residualStandardError;
        // A covariance that is not positive definite (a flat direction in the fit) gets no joint draws; see DrawCurve.
        try { _covarianceFactor = covariance.Cholesky().Factor; }
        catch (ArgumentException) { _covarianceFactor = null; }
        Parameters = BuildParameters(degreesOfFreedom);
        Notes = BuildNotes();
    }

    public string Name => ModelName;

    public LogisticCurve Curve { get; }

    /// <summary>The ceiling's bounds: one point above the highest share seen (the curve must still have room to rise) and 100 %.</summary>
    public (double Lower, double Upper) CeilingBounds { get; }

    public double ResidualStandardError { get; }

    public bool CeilingAtBound => Curve.Ceiling - CeilingBounds.Lower < 1e-3 || CeilingBounds.Upper - Curve.Ceiling < 1e-3;

    public IReadOnlyList<FittedParameter> Parameters { get; }

    public IReadOnlyList<string> Notes { get; }

    public double ShareIn(int year) => Curve.ShareIn(year);

    /// <summary>Fits the curve to the observations (at least three) by least squares from several starting ceilings.</summary>
    public static LogisticFit Fit(IReadOnlyList<UrbanObservation> observations)
    {
        var years = Vector<double>.Build.DenseOfEnumerable(observations.Select(o => (double)o.Year));
        var shares = Vector<double>.Build.DenseOfEnumerable(observations.Select(o => o.UrbanShare));
        double highest = shares.Maximum();
        double lowerCeiling = Math.Min(highest + 1, (highest + 100) / 2);
        var lower = Vector<double>.Build.Dense([lowerCeiling, MinimumRate, observations[0].Year - MidpointReach]);
        var upper = Vector<double>.Build.Dense([100, MaximumRate, observations[^1].Year + MidpointReach]);

        NonlinearMinimizationResult? best = null;
        foreach (double fraction in StartingCeilings)
        {
            var start = StartingPoint(years, shares, lowerCeiling + fraction * (100 - lowerCeiling), lower, upper);
            var objective = ObjectiveFunction.NonlinearModel(Shares, Jacobian, years, shares);
            var result = new LevenbergMarquardtMinimizer(maximumIterations: 2000).FindMinimum(objective, start, lower, upper);
            if (double.IsFinite(result.ModelInfoAtMinimum.Value) && (best is null || result.ModelInfoAtMinimum.Value < best.ModelInfoAtMinimum.Value))
                best = result;
        }
        // The model cannot overflow to NaN (a huge exponent only sends a share to 0), so some start always gives a finite fit.
        var point = (best ?? throw new InvalidOperationException("no logistic fit had a finite residual sum of squares")).MinimizingPoint;
        int degreesOfFreedom = observations.Count - 3;
        double variance = best.ModelInfoAtMinimum.Value / degreesOfFreedom;
        var jacobian = Jacobian(point, years);
        var information = jacobian.TransposeThisAndMultiply(jacobian);
        var covariance = information.PseudoInverse() * variance;
        return new LogisticFit(new LogisticCurve(point[0], point[1], point[2]), lowerCeiling, covariance, Math.Sqrt(variance), degreesOfFreedom);
    }

    /// <summary>A curve with (K, r, t0) drawn from the multivariate normal N(estimate, covariance), kept inside the bounds.</summary>
    public Func<int, double> DrawCurve(Random random)
    {
        var z = Vector<double>.Build.Dense(3, _ => Normal.Sample(random, 0, 1));
        var shift = _covarianceFactor is { } factor ? factor * z : z.PointwiseMultiply(_covariance.Diagonal().PointwiseSqrt());
        var curve = new LogisticCurve(
            Math.Clamp(Curve.Ceiling + shift[0], CeilingBounds.Lower, CeilingBounds.Upper),
            Math.Clamp(Curve.Rate + shift[1], MinimumRate, MaximumRate),
            Curve.Midpoint + shift[2]);
        return year => curve.ShareIn(year);
    }

    private static Vector<double> Shares(Vector<double> p, Vector<double> years) =>
        years.Map(t => p[0] / (1 + Math.Exp(-p[1] * (t - p[2]))));

    // d/dK = 1/(1+e), d/dr = K e (t - t0)/(1+e)^2, d/dt0 = -K r e/(1+e)^2, with e = exp(-r (t - t0)).
    private static Matrix<double> Jacobian(Vector<double> p, Vector<double> years)
    {
        var jacobian = Matrix<double>.Build.Dense(years.Count, 3);
        for (int i = 0; i < years.Count; i++)
        {
            double e = Math.Exp(-p[1] * (years[i] - p[2])), denominator = (1 + e) * (1 + e);
            jacobian[i, 0] = 1 / (1 + e);
            jacobian[i, 1] = p[0] * e * (years[i] - p[2]) / denominator;
            jacobian[i, 2] = -p[0] * p[1] * e / denominator;
        }
        return jacobian;
    }

    /// <summary>For a given ceiling K the logit ln(p / (K - p)) is linear in t with slope r; a line through it gives r and t0.</summary>
    private static Vector<double> StartingPoint(Vector<double> years, Vector<double> shares, double ceiling, Vector<double> lower, Vector<double> upper)
    {
        var logits = shares.Map(p => Math.Log(p / (ceiling - p)));
        var (intercept, slope) = MathNet.Numerics.Fit.Line(years.ToArray(), logits.ToArray());
        double rate = slope > MinimumRate ? slope : 0.02;
        double midpoint = slope > MinimumRate ? -intercept / slope : years[^1];
        // The bounded minimizer maps parameters through asin, so a start exactly on a bound could never move.
        double Inside(double value, int i) => Math.Clamp(value, lower[i] + 1e-6 * (upper[i] - lower[i]), upper[i] - 1e-6 * (upper[i] - lower[i]));
        return Vector<double>.Build.Dense([Inside(ceiling, 0), Inside(rate, 1), Inside(midpoint, 2)]);
    }

    private FittedParameter[] BuildParameters(int degreesOfFreedom)
    {
        double t = StudentT.InvCDF(0, 1, degreesOfFreedom, 0.975);
        FittedParameter Parameter(string name, double estimate, int i, string unit)
        {
            double standardError = Math.Sqrt(Math.Max(0, _covariance[i, i]));
            return new FittedParameter(name, estimate, standardError, estimate - t * standardError, estimate + t * standardError, unit);
        }
        return
        [
            Parameter("ceiling K", Curve.Ceiling, 0, "%"),
            Parameter("rate r", Curve.Rate, 1, "1/year"),
            Parameter("midpoint t0", Curve.Midpoint, 2, "year"),
        ];
    }

    private string[] BuildNotes() => CeilingAtBound
        ? [FormattableString.Invariant($"the ceiling sits on its bound ({CeilingBounds.Lower:F2}..{CeilingBounds.Upper:F0} %): the data do not pin it down, and its interval ignores the bound")]
        : [];
}
