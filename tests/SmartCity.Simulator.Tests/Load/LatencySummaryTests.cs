using SmartCity.Simulator.Load;

namespace SmartCity.Simulator.Tests.Load;

public sealed class LatencySummaryTests
{
    [Fact]
    public void Percentiles_follow_the_nearest_rank_method()
    {
        var millis = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();

        var summary = LatencySummary.Of(millis);

        Assert.Equal(100, summary.Count);
        Assert.Equal(50, summary.P50);
        Assert.Equal(90, summary.P90);
        Assert.Equal(99, summary.P99);
        Assert.Equal(100, summary.Max);
    }

    [Fact]
    public void A_single_sample_is_every_percentile()
    {
        var summary = LatencySummary.Of([7.5]);

        Assert.Equal(7.5, summary.P50);
        Assert.Equal(7.5, summary.P99);
    }

    [Fact]
    public void No_samples_give_zeros_not_an_error()
    {
        Assert.Equal(new LatencySummary(0, 0, 0, 0, 0), LatencySummary.Of([]));
    }
}
