using MathNet.Numerics.Distributions;

namespace SmartCity.Grains.Planning;

/// <summary>
/// Exact binomial draws in O(log n) time. MathNet's Binomial.Sample counts n Bernoulli trials, which is too slow
/// for a city's migrant stock drawn once per cell per year per run.
/// </summary>
public static class BinomialDraw
{
    // Inversion is used while n·p stays below this: the first term q^n is then at least e^(-60), far from underflow,
    // and the search takes about n·p steps.
    private const double InversionLimit = 30;

    /// <summary>The number of successes in <paramref name="trials"/> independent trials of probability <paramref name="p"/>.</summary>
    public static int Sample(Random random, int trials, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "A probability lies in [0, 1].");
        if (trials == 0 || p == 0) return 0;
        if (p == 1) return trials;
        return p <= 0.5 ? SampleLowerHalf(random, trials, p) : trials - SampleLowerHalf(random, trials, 1 - p);
    }

    private static int SampleLowerHalf(Random random, int trials, double p)
    {
        int added = 0;
        // Knuth's reduction (TAOCP vol. 2, 3rd ed., §3.4.1 F): the a-th smallest of n uniforms is Beta(a, n + 1 − a).
        // If it lies at or above p, the successes are among the a − 1 uniforms below it, uniform on [0, X);
        // otherwise all a count and the other n − a are uniform on (X, 1]. Each step halves n.
        while (trials * p >= InversionLimit)
        {
            int a = 1 + trials / 2, b = trials + 1 - a;
            double x = Beta.Sample(random, a, b);
            if (x >= p)
            {
                trials = a - 1;
                p /= x;
            }
            else
            {
                added += a;
                trials = b - 1;
                p = (p - x) / (1 - x);
            }
            if (p > 0.5) return added + trials - SampleLowerHalf(random, trials, 1 - p);
        }
        return added + Inversion(random, trials, p);
    }

    /// <summary>Sequential search of the cumulative distribution (Kachitvichyanukul and Schmeiser 1988, "BINV").</summary>
    private static int Inversion(Random random, int trials, double p)
    {
        double q = 1 - p, ratio = p / q, term = Math.Pow(q, trials), u = random.NextDouble();
        int successes = 0;
        while (u > term && successes < trials)
        {
            u -= term;
            successes++;
            term *= ratio * (trials - successes + 1) / successes;
        }
        return successes;
    }
}
