using SmartCity.Grains.Planning;

namespace SmartCity.Grains.Tests.Planning;

/// <summary>
/// Erlang C against the standard values of the M/M/c queue (Gross, Shortle, Thompson and Harris, "Fundamentals of
/// Queueing Theory", 4th ed. 2008, §2.3): C(2, 1) = 1/3, C(3, 2) = 4/9, C(5, 4) ≈ 0.554, C(10, 8) ≈ 0.409, each
/// also checked against the textbook formula with a^c/c! computed directly here.
/// </summary>
public sealed class ErlangCTests
{
    [Theory]
    [InlineData(2, 1.0, 1.0 / 3)]
    [InlineData(5, 4.0, 0.554)]
    [InlineData(10, 8.0, 0.409)]
    [InlineData(3, 2.0, 4.0 / 9)]
    public void Probability_of_waiting_matches_the_textbook_values(int servers, double erlangs, double published)
    {
        double c = ErlangC.ProbabilityOfWaiting(servers, erlangs);

        Assert.Equal(published, c, 3);
        Assert.Equal(DirectFormula(servers, erlangs), c, 12);
    }

    [Fact]
    public void Hundreds_of_servers_stay_accurate_where_the_direct_formula_would_overflow()
    {
        // a^c / c! for c = 100 still fits in a double; the recursion must agree with it there...
        Assert.Equal(DirectFormula(100, 90), ErlangC.ProbabilityOfWaiting(100, 90), 10);
        // ...and give a probability (not NaN or infinity) where 400^400 does not fit.
        double c = ErlangC.ProbabilityOfWaiting(500, 400);
        Assert.InRange(c, 0, 1);
        Assert.True(c < ErlangC.ProbabilityOfWaiting(500, 480));
    }

    [Fact]
    public void One_server_is_the_M_M_1_queue()
    {
        // M/M/1: P(wait) = ρ and W_q = ρ / (μ − λ).
        Assert.Equal(0.5, ErlangC.ProbabilityOfWaiting(1, 0.5), 12);
        Assert.Equal(0.5 / (2 - 1), ErlangC.MeanWait(1, arrivalRate: 1, serviceRate: 2), 12);
    }

    [Fact]
    public void Mean_wait_is_C_over_spare_capacity_and_infinite_when_arrivals_reach_capacity()
    {
        Assert.Equal(DirectFormula(2, 1) / (2 * 1.0 - 1), ErlangC.MeanWait(2, arrivalRate: 1, serviceRate: 1), 12);
        Assert.Equal(double.PositiveInfinity, ErlangC.MeanWait(2, arrivalRate: 2, serviceRate: 1));
        Assert.Equal(double.PositiveInfinity, ErlangC.MeanWait(2, arrivalRate: 3, serviceRate: 1));
        Assert.Equal(1, ErlangC.ProbabilityOfWaiting(2, 2));
        Assert.Equal(1, ErlangC.ProbabilityWaitExceeds(2, 3, 1, limit: 10));
    }

    [Fact]
    public void The_waiting_time_tail_starts_at_C_and_decays_with_the_spare_capacity()
    {
        double c = ErlangC.ProbabilityOfWaiting(2, 1);
        Assert.Equal(c, ErlangC.ProbabilityWaitExceeds(2, 1, 1, limit: 0), 12);
        Assert.Equal(c * Math.Exp(-1 * 2.0), ErlangC.ProbabilityWaitExceeds(2, 1, 1, limit: 2), 12);
    }

    [Fact]
    public void Erlang_B_matches_its_formula()
    {
        // B(c, a) = (a^c / c!) / Σ_{k=0..c} a^k / k!
        double direct = Math.Pow(8, 10) / Factorial(10) / Enumerable.Range(0, 11).Sum(k => Math.Pow(8, k) / Factorial(k));
        Assert.Equal(direct, ErlangC.ErlangB(10, 8), 12);
    }

    /// <summary>C(c, a) = [a^c/c! · c/(c − a)] / [Σ_{k<c} a^k/k! + a^c/c! · c/(c − a)].</summary>
    private static double DirectFormula(int c, double a)
    {
        double top = Math.Pow(a, c) / Factorial(c) * c / (c - a);
        return top / (Enumerable.Range(0, c).Sum(k => Math.Pow(a, k) / Factorial(k)) + top);
    }

    private static double Factorial(int n) => Enumerable.Range(1, n).Aggregate(1.0, (product, k) => product * k);
}
