using SmartCity.Grains.Geo;
using SmartCity.Grains.Reports;

namespace SmartCity.Grains.Tests.Reports;

/// <summary>Supervision figures on a known set of reports, each expected value worked out by hand in the comments.</summary>
public sealed class ReportFiguresTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A report created <paramref name="ageHours"/> ago with a 2 h acknowledgement and a 24 h resolution deadline.</summary>
    private static ReportSummary Report(
        string id, double ageHours, double? acknowledgedAfterHours = null, double? resolvedAfterHours = null,
        int? rating = null, int reopened = 0, ReportStatus? status = null)
    {
        var created = Now.AddHours(-ageHours);
        var acknowledged = acknowledgedAfterHours is { } a ? created.AddHours(a) : (DateTimeOffset?)null;
        var resolved = resolvedAfterHours is { } r ? created.AddHours(r) : (DateTimeOffset?)null;
        var actualStatus = status ?? (resolved is not null ? ReportStatus.Resolved : acknowledged is not null ? ReportStatus.Acknowledged : ReportStatus.Submitted);
        return new ReportSummary(
            id, "garbage", "Bins overflowing", new GeoPoint(30.27, 120.15), null, null, "grid:XH-0001", "C", "district:XH",
            "official:XH-G001", "official:XH-G001", [], actualStatus, created, resolved ?? acknowledged ?? created,
            created.AddHours(2), created.AddHours(24), created.AddHours(24), acknowledged, resolved, resolved, resolved is null ? null : "Done",
            rating, reopened, 1);
    }

    // Six reports:
    //   a: 10 days old, acked after 1 h, resolved after 10 h (in time), rated 5
    //   b:  5 days old, acked after 3 h, resolved after 30 h (late), rated 2, reopened once and open again
    //   c:  3 days old, acked after 0.5 h, resolved after 20 h (in time), rated 4
    //   d:  2 days old, acked after 2 h, never resolved: past its 24 h deadline -> overdue, a failure
    //   e:  1 hour old, not acknowledged, within both deadlines
    //   f: 40 days old, acked after 4 h, resolved after 12 h (in time)
    private static readonly ReportSummary[] Reports =
    [
        Report("a", 240, 1, 10, rating: 5),
        Report("b", 120, 3, 30, rating: 2, reopened: 1, status: ReportStatus.Reopened),
        Report("c", 72, 0.5, 20, rating: 4),
        Report("d", 48, 2),
        Report("e", 1),
        Report("f", 960, 4, 12),
    ];

    [Fact]
    public void All_time_figures_match_the_hand_computed_values()
    {
        var figures = ReportFigures.Compute(Reports, Now, since: null);

        Assert.Equal(6, figures.Reported);
        Assert.Equal(3, figures.Open);     // b (reopened), d, e
        Assert.Equal(2, figures.Overdue);  // b's new round began 5 days ago: both its deadlines passed; d; e is in time
        // Acknowledged after 0.5, 1, 2, 3, 4 h: median 2 h; p90 at rank (5-1)*0.9 = 3.6 -> 3 + 0.6*(4-3) = 3.6 h.
        Assert.Equal(5, figures.TimeToAcknowledge.Count);
        Assert.Equal(2 * 3600, figures.TimeToAcknowledge.MedianSeconds);
        Assert.Equal(3.6 * 3600, figures.TimeToAcknowledge.P90Seconds!.Value, 6);
        // Resolved after 10, 12, 20, 30 h: median (12+20)/2 = 16 h; p90 at rank 2.7 -> 20 + 0.7*10 = 27 h.
        Assert.Equal(16 * 3600, figures.TimeToResolve.MedianSeconds);
        Assert.Equal(27 * 3600, figures.TimeToResolve.P90Seconds!.Value, 6);
        // Judged: a, b, c, f (resolved) and d (past deadline); in time: a, c, f -> 3/5.
        Assert.Equal(0.6, figures.ShareResolvedWithinDeadline!.Value, 10);
        Assert.Equal((5 + 2 + 4) / 3.0, figures.AverageRating!.Value, 10);
        Assert.Equal(3, figures.Ratings);
        // Resolved at least once: a, b, c, f; reopened: b -> 1/4.
        Assert.Equal(0.25, figures.ReopenRate);
    }

    [Fact]
    public void A_window_counts_only_reports_made_within_it()
    {
        var lastWeek = ReportFigures.Compute(Reports, Now, Now.AddDays(-7));

        // b, c, d, e; resolved b (30 h) and c (20 h): median 25 h; judged b, c, d with c in time -> 1/3.
        Assert.Equal(4, lastWeek.Reported);
        Assert.Equal(25 * 3600, lastWeek.TimeToResolve.MedianSeconds);
        Assert.Equal(1 / 3.0, lastWeek.ShareResolvedWithinDeadline!.Value, 10);
        Assert.Equal(0.5, lastWeek.ReopenRate);
    }

    [Fact]
    public void No_reports_give_empty_figures_not_zeros()
    {
        var figures = ReportFigures.Compute([], Now, null);

        Assert.Equal(0, figures.Reported);
        Assert.Null(figures.TimeToAcknowledge.MedianSeconds);
        Assert.Null(figures.ShareResolvedWithinDeadline);
        Assert.Null(figures.AverageRating);
        Assert.Null(figures.ReopenRate);
    }

    [Theory]
    [InlineData(new[] { 7.0 }, 0.5, 7.0)]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0 }, 0.5, 2.5)]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0 }, 0.9, 9.1)]
    public void Percentile_interpolates_between_closest_ranks(double[] sorted, double p, double expected)
    {
        Assert.Equal(expected, DurationFigures.Percentile(sorted, p), 10);
    }
}
