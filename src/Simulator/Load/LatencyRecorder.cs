using System.Collections.Concurrent;
using System.Diagnostics;

namespace SmartCity.Simulator.Load;

/// <summary>Latency percentiles in milliseconds (nearest-rank method).</summary>
public sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max)
{
    public static LatencySummary Of(IReadOnlyList<double> millis)
    {
        if (millis.Count == 0) return new LatencySummary(0, 0, 0, 0, 0);
        var sorted = millis.Order().ToArray();
        return new LatencySummary(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99), sorted[^1]);
    }

    // Nearest rank: the smallest value with at least p of all values at or below it.
    private static double Rank(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>Collects request latencies from many concurrent workers without a shared lock per request.</summary>
public sealed class LatencyRecorder
{
    private readonly ConcurrentBag<List<double>> _perWorker = [];

    /// <summary>A list for one worker to append to; collected by <see cref="Summarize"/>.</summary>
    public List<double> ForWorker()
    {
        var list = new List<double>(4096);
        _perWorker.Add(list);
        return list;
    }

    public LatencySummary Summarize() => LatencySummary.Of([.. _perWorker.SelectMany(list => list)]);

    public static double MillisecondsSince(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
}
