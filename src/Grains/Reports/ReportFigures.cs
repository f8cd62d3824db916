namespace SmartCity.Grains.Reports;

/// <summary>
/// How well a set of reports was answered: the figures of public supervision. Reports count in a
/// window by when they were reported; durations are in seconds.
/// </summary>
public sealed record ReportFigures(
    int Reported,
    int Open,
    int Overdue,
    DurationFigures TimeToAcknowledge,
    DurationFigures TimeToResolve,
    double? ShareResolvedWithinDeadline,
    double? AverageRating,
    int Ratings,
    double? ReopenRate)
{
    /// <summary>
    /// Computes the figures at <paramref name="now"/> over the reports created since <paramref name="since"/> (all when null).
    /// Time to acknowledge and to resolve run from the report to its first acknowledgement and first
    /// resolution. The share resolved within deadline counts each report first resolved in time as a
    /// success and each report resolved late, or still unresolved past its first deadline, as a failure;
    /// reports still within their deadline do not count yet. The reopen rate is the share of resolved
    /// reports that a citizen reopened at least once.
    /// </summary>
    public static ReportFigures Compute(IEnumerable<ReportSummary> reports, DateTimeOffset now, DateTimeOffset? since)
    {
        var inWindow = reports.Where(r => since is null || r.CreatedAt >= since).ToList();
        var acknowledged = inWindow.Where(r => r.FirstAcknowledgedAt is not null)
            .Select(r => (r.FirstAcknowledgedAt!.Value - r.CreatedAt).TotalSeconds).ToList();
        var resolved = inWindow.Where(r => r.FirstResolvedAt is not null).ToList();
        var judged = inWindow.Where(r => r.FirstResolvedAt is not null || now > r.FirstResolveBy).ToList();
        var rated = inWindow.Where(r => r.Rating is not null).Select(r => (double)r.Rating!.Value).ToList();
        return new ReportFigures(
            inWindow.Count,
            inWindow.Count(r => r.IsOpen),
            inWindow.Count(r => r.IsOverdueAt(now)),
            DurationFigures.Of(acknowledged),
            DurationFigures.Of(resolved.Select(r => (r.FirstResolvedAt!.Value - r.CreatedAt).TotalSeconds).ToList()),
            judged.Count == 0 ? null : (double)judged.Count(r => r.FirstResolvedAt <= r.FirstResolveBy) / judged.Count,
            rated.Count == 0 ? null : rated.Average(),
            rated.Count,
            resolved.Count == 0 ? null : (double)resolved.Count(r => r.ReopenCount > 0) / resolved.Count);
    }
}

/// <summary>Median and 90th percentile of a set of durations in seconds; null when there are none.</summary>
public sealed record DurationFigures(int Count, double? MedianSeconds, double? P90Seconds)
{
    public static DurationFigures Of(IReadOnlyList<double> seconds)
    {
        if (seconds.Count == 0) return new DurationFigures(0, null, null);
        var sorted = seconds.Order().ToArray();
        return new DurationFigures(sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.9));
    }

    /// <summary>
    /// Linear interpolation between closest ranks, h = (n - 1) p (Hyndman and Fan 1996, definition 7;
    /// the default of R, NumPy and spreadsheets), so the median of an even count is the mean of the middle two.
    /// </summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        double h = (sorted.Count - 1) * p;
        int below = (int)Math.Floor(h);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
