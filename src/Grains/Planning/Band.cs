namespace SmartCity.Grains.Planning;

/// <summary>The 10th, 50th and 90th percentile of one figure over the Monte Carlo runs.</summary>
public readonly record struct Band(double P10, double P50, double P90)
{
    /// <summary>Percentiles of values sorted ascending (infinite values sort last).</summary>
    public static Band OfSorted(IReadOnlyList<double> sorted) => FromOrderStatistics(sorted.Count, k => sorted[k - 1]);

    /// <summary>
    /// Percentiles of n values given the k-th smallest (1-based), by Hyndman and Fan's definition 8
    /// ("approximately median-unbiased"; "Sample quantiles in statistical packages", The American Statistician
    /// 50(4), 1996), as MathNet's Quantile uses:
    /// h = (n + 1/3)·p + 1/3, then interpolate between the ⌊h⌋-th and the next order statistic.
    /// </summary>
    public static Band FromOrderStatistics(int n, Func<int, double> kth) => n == 0
        ? new Band(double.NaN, double.NaN, double.NaN)
        : new Band(Quantile(n, kth, 0.1), Quantile(n, kth, 0.5), Quantile(n, kth, 0.9));

    /// <summary>The same percentiles of a non-decreasing function of the figure (a quantile commutes with it).</summary>
    public Band Map(Func<double, double> nonDecreasing) => new(nonDecreasing(P10), nonDecreasing(P50), nonDecreasing(P90));

    private static double Quantile(int n, Func<int, double> kth, double p)
    {
        double h = (n + 1.0 / 3) * p + 1.0 / 3;
        if (h <= 1) return kth(1);
        if (h >= n) return kth(n);
        int below = (int)Math.Floor(h);
        double fraction = h - below, lower = kth(below);
        if (fraction == 0) return lower;
        double upper = kth(below + 1);
        // Between a finite value and an unstable queue's infinite wait the percentile is infinite, not NaN.
        return double.IsPositiveInfinity(upper) ? upper : lower + fraction * (upper - lower);
    }
}
