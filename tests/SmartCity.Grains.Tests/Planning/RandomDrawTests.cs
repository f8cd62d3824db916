using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using SmartCity.Grains.Planning;

namespace SmartCity.Grains.Tests.Planning;

public sealed class RandomDrawTests
{
    [Theory]
    [InlineData(500, 10)]
    [InlineData(20_000, 50)]
    [InlineData(3, 0.5)]
    public void Negative_binomial_arrivals_have_the_stated_mean_and_variance(double mean, double dispersion)
    {
        var random = new RunRandom(42, 0);
        var draws = Enumerable.Range(0, 40_000).Select(_ => (double)MigrantInflow.DrawNegativeBinomial(random, mean, dispersion)).ToArray();

        // Var = m + m²/k; MathNet's NegativeBinomial(r = k, p = k / (k + m)) must say the same.
        double variance = mean + mean * mean / dispersion;
        var mathNet = new NegativeBinomial(dispersion, dispersion / (dispersion + mean));
        Assert.Equal(mean, mathNet.Mean, 6);
        Assert.Equal(variance, mathNet.Variance, 6);
        Assert.InRange(draws.Mean(), mean - 4 * Math.Sqrt(variance / draws.Length), mean + 4 * Math.Sqrt(variance / draws.Length));
        Assert.InRange(draws.Variance(), 0.9 * variance, 1.1 * variance);
    }

    [Theory]
    [InlineData(50, 0.1)]
    [InlineData(200_000, 0.3)]
    [InlineData(10_000, 0.93)]
    [InlineData(1_000_000, 0.0004)]
    public void Binomial_draws_have_the_binomial_mean_and_variance(int trials, double p)
    {
        var random = new RunRandom(5, 1);
        var draws = Enumerable.Range(0, 20_000).Select(_ => (double)BinomialDraw.Sample(random, trials, p)).ToArray();

        double mean = trials * p, variance = trials * p * (1 - p);
        Assert.InRange(draws.Mean(), mean - 4 * Math.Sqrt(variance / draws.Length), mean + 4 * Math.Sqrt(variance / draws.Length));
        Assert.InRange(draws.Variance(), 0.9 * variance, 1.1 * variance);
        Assert.All(draws, d => Assert.InRange(d, 0, trials));
    }

    [Fact]
    public void A_run_draws_the_same_numbers_for_the_same_seed_and_run_and_different_ones_otherwise()
    {
        static double[] Draws(long seed, int run)
        {
            var random = new RunRandom(seed, run);
            return [.. Enumerable.Range(0, 8).Select(_ => random.NextDouble())];
        }

        Assert.Equal(Draws(7, 3), Draws(7, 3));
        Assert.NotEqual(Draws(7, 3), Draws(7, 4));
        Assert.NotEqual(Draws(7, 3), Draws(8, 3));
        Assert.All(Draws(7, 3), d => Assert.InRange(d, 0, 1));
    }

    [Fact]
    public void Uniform_draws_look_uniform()
    {
        var random = new RunRandom(1, 0);
        var draws = Enumerable.Range(0, 100_000).Select(_ => random.NextDouble()).ToArray();
        Assert.InRange(draws.Mean(), 0.497, 0.503);
        Assert.InRange(draws.Variance(), 1 / 12.0 - 0.002, 1 / 12.0 + 0.002);
        Assert.InRange(Enumerable.Range(0, 10_000).Count(_ => random.Next(10) == 0), 900, 1100);
    }
}
