namespace SmartCity.Api.Tests.Observability;

/// <summary>
/// A report's life shows in /metrics: filed by category, open and overdue in its district, timed from
/// filing to its first acknowledgement and resolution, and each escalation once.
/// </summary>
[Collection(ObservedTwin.Name)]
public sealed class ReportMetricsTests(ObservedTwinFixture twin)
{
    private const string Filed = "smartcity_reports_filed_total";
    private const string ToAcknowledge = "smartcity_reports_time_to_acknowledge_seconds";
    private const string ToResolve = "smartcity_reports_time_to_resolve_seconds";
    private const string Open = "smartcity_reports_open";
    private const string Overdue = "smartcity_reports_overdue";
    private const string Escalations = "smartcity_reports_escalations_total";

    [Fact]
    public async Task Filing_acknowledging_and_resolving_a_report_is_counted_and_timed_by_category()
    {
        var cell = twin.TakeGridCell();
        var category = ("category", "garbage");
        var district = ("district", cell.DistrictId);
        var before = await twin.BaselineAsync();

        var filedAt = DateTimeOffset.UtcNow;
        string id = await twin.FileReportAsync(cell, "garbage");
        var filed = await twin.ScrapeUntilAsync(s => s.Value(Open, district) == before.Value(Open, district) + 1);
        Assert.Equal(1, Change(before, filed, Filed, category));
        Assert.Equal(before.Value(Open, district) + 1, filed.Value(Open, district));

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await twin.ActAsync(id, "acknowledge", new { actorId = cell.OfficialId });
        var acknowledgedWithin = DateTimeOffset.UtcNow - filedAt;
        var acknowledged = await twin.ScrapeUntilAsync(s => Change(before, s, $"{ToAcknowledge}_count", category) > 0);
        Assert.Equal(1, Change(before, acknowledged, $"{ToAcknowledge}_count", category));
        Assert.InRange(Change(before, acknowledged, $"{ToAcknowledge}_sum", category), 1.5, acknowledgedWithin.TotalSeconds);
        Assert.Equal(1, Change(before, acknowledged, $"{ToAcknowledge}_bucket", category, ("le", "60")));
        Assert.Equal(0, Change(before, acknowledged, $"{ToResolve}_count", category));

        await twin.ActAsync(id, "resolve", new { actorId = cell.OfficialId, resolution = "Bins emptied." });
        var resolved = await twin.ScrapeUntilAsync(s => s.Value(Open, district) == before.Value(Open, district)
            && Change(before, s, $"{ToResolve}_count", category) > 0);
        Assert.Equal(1, Change(before, resolved, $"{ToResolve}_count", category));
        Assert.True(Change(before, resolved, $"{ToResolve}_sum", category) >= Change(before, resolved, $"{ToAcknowledge}_sum", category));
        // Only the first acknowledgement is timed, and a resolution acknowledges nothing again.
        Assert.Equal(1, Change(before, resolved, $"{ToAcknowledge}_count", category));
        Assert.Equal(before.Value(Open, district), resolved.Value(Open, district));
        Assert.Equal(1, Change(before, resolved, Filed, category));
    }

    [Fact]
    public async Task Report_past_its_deadline_counts_as_overdue_in_its_district_and_escalates_once()
    {
        var cell = twin.TakeGridCell();
        var district = ("district", cell.DistrictId);
        var levelOne = new[] { ("level", "1"), ("deadline", "acknowledge") };
        var before = await twin.BaselineAsync();

        // Acknowledge within 2 seconds: the report's reminder wakes it then, and it escalates.
        string id = await twin.FileReportAsync(cell, ObservedTwinFixture.QuickCategory);

        var missed = await twin.ScrapeUntilAsync(s => Change(before, s, Escalations, levelOne) > 0
            && s.Value(Overdue, district) > before.Value(Overdue, district));
        Assert.Equal(1, Change(before, missed, Escalations, levelOne));
        Assert.Equal(1, Change(before, missed, Escalations));
        Assert.Equal(before.Value(Overdue, district) + 1, missed.Value(Overdue, district));
        Assert.Equal(before.Value(Open, district) + 1, missed.Value(Open, district));

        await twin.ActAsync(id, "resolve", new { actorId = cell.OfficialId, resolution = "Bins emptied." });
        var resolved = await twin.ScrapeUntilAsync(s => s.Value(Overdue, district) == before.Value(Overdue, district));
        Assert.Equal(before.Value(Overdue, district), resolved.Value(Overdue, district));
        Assert.Equal(before.Value(Open, district), resolved.Value(Open, district));
        Assert.Equal(1, Change(before, resolved, Escalations));
    }

    private static double Change(MetricsScrape before, MetricsScrape after, string name, params (string, string)[] labels) =>
        after.Value(name, labels) - before.Value(name, labels);
}
