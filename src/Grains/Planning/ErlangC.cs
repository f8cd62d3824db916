namespace SmartCity.Grains.Planning;

/// <summary>
/// The M/M/c queue: Poisson arrivals at rate λ, exponential service at rate μ per server, c servers
/// (Gross, Shortle, Thompson and Harris, "Fundamentals of Queueing Theory", 4th ed., Wiley 2008, §2.3).
/// </summary>
public static class ErlangC
{
    /// <summary>
    /// Erlang B, the blocking probability of c servers offered a = λ/μ erlangs, by the recursion
    /// B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)). Every step stays in [0, 1], so unlike the textbook
    /// formula with a^c/c! it neither overflows nor loses precision for hundreds of servers.
    /// </summary>
    public static double ErlangB(int servers, double offeredLoad)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(servers);
        ArgumentOutOfRangeException.ThrowIfNegative(offeredLoad);
        double blocking = 1;
        for (int k = 1; k <= servers; k++)
        {
            blocking = offeredLoad * blocking / (k + offeredLoad * blocking);
        }
        return blocking;
    }

    /// <summary>
    /// The probability that an arrival has to wait, C(c, a) = c·B / (c − a·(1 − B)) with B = B(c, a)
    /// (the Erlang C formula written in terms of Erlang B); 1 when a ≥ c, where the queue grows without bound.
    /// </summary>
    public static double ProbabilityOfWaiting(int servers, double offeredLoad)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(servers);
        if (offeredLoad >= servers) return 1;
        double blocking = ErlangB(servers, offeredLoad);
        return servers * blocking / (servers - offeredLoad * (1 - blocking));
    }

    /// <summary>Mean time in the queue before service starts, W_q = C(c, a) / (c·μ − λ); infinite when λ ≥ c·μ.</summary>
    public static double MeanWait(int servers, double arrivalRate, double serviceRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(serviceRate);
        double spare = servers * serviceRate - arrivalRate;
        if (spare <= 0) return double.PositiveInfinity;
        return ProbabilityOfWaiting(servers, arrivalRate / serviceRate) / spare;
    }

    /// <summary>
    /// The share of arrivals that wait longer than <paramref name="limit"/>: P(W_q > t) = C(c, a)·e^(−(cμ − λ)t)
    /// (the waiting-time distribution of M/M/c under first-come first-served, same reference §2.3); 1 when unstable.
    /// </summary>
    public static double ProbabilityWaitExceeds(int servers, double arrivalRate, double serviceRate, double limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(serviceRate);
        double spare = servers * serviceRate - arrivalRate;
        if (spare <= 0) return 1;
        return ProbabilityOfWaiting(servers, arrivalRate / serviceRate) * Math.Exp(-spare * limit);
    }
}
