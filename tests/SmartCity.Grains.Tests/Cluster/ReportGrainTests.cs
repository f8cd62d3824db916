using SmartCity.Grains.Reports;
using SmartCity.Grains.Tests.Reports;

namespace SmartCity.Grains.Tests.Cluster;

/// <summary>
/// Report grains in a cluster with real in-memory reminders. These tests move the city clock, so
/// they share the cluster of the other clock-moving tests.
/// </summary>
[Collection(ClusterWithMovingClock.Name)]
public sealed class ReportGrainTests(ClusterFixture fixture)
{
    private IReportGrain Report(string id) => fixture.Grains.GetGrain<IReportGrain>($"report:{id}");

    private IReportLedgerGrain Ledger(string districtId) => fixture.Grains.GetGrain<IReportLedgerGrain>(ReportLedgerGrain.KeyFor(districtId));

    [Fact]
    public async Task Submitted_report_is_stored_routed_and_listed_in_its_district_ledger()
    {
        var cell = TestCity.TakeCell();
        string id = TestReports.NewId();

        var outcome = await Report(id).SubmitAsync(TestReports.Garbage(cell));

        Assert.Null(outcome.Refusal);
        var stored = await Report(id).GetAsync();
        Assert.Equal(cell.OfficialId, stored!.Summary.AssigneeId);
        Assert.Equal("citizen-7", stored.CitizenId);
        var listed = Assert.Single(await Ledger(cell.DistrictId).FindAsync(new ReportFilter(10, GridCellId: cell.Id)));
        Assert.Equal(id, listed.Id);
    }

    [Fact]
    public async Task Second_submit_with_the_same_id_is_refused_and_the_first_report_stays()
    {
        var cell = TestCity.TakeCell();
        string id = TestReports.NewId();
        await Report(id).SubmitAsync(TestReports.Garbage(cell));

        var second = await Report(id).SubmitAsync(TestReports.Garbage(cell) with { Description = "Something else" });

        Assert.Equal((RefusalKind.Conflict, "id"), (second.Refusal?.Kind, second.Refusal?.Field));
        Assert.Equal("Bins overflowing behind the market", (await Report(id).GetAsync())!.Summary.Description);
    }

    [Fact]
    public async Task Refused_submit_leaves_no_report()
    {
        string id = TestReports.NewId();

        var outcome = await Report(id).SubmitAsync(TestReports.Garbage(TestCity.TakeCell()) with { Location = TestReports.Outside });

        Assert.Equal("location", outcome.Refusal?.Field);
        Assert.Null(await Report(id).GetAsync());
    }

    [Fact]
    public async Task Lifecycle_reaches_the_ledger_with_every_change()
    {
        var cell = TestCity.TakeCell();
        string id = TestReports.NewId();
        await Report(id).SubmitAsync(TestReports.Garbage(cell));

        await Report(id).AcknowledgeAsync(cell.OfficialId, "Sending the sanitation team.");
        await Report(id).ResolveAsync(cell.OfficialId, "Bins emptied, area swept.");
        var rated = await Report(id).RateAsync("citizen-7", 5, "Fast!");

        Assert.Null(rated.Refusal);
        var summary = Assert.Single(await Ledger(cell.DistrictId).FindAsync(new ReportFilter(10, GridCellId: cell.Id)));
        Assert.Equal((ReportStatus.Resolved, 5, 4), (summary.Status, summary.Rating, summary.Version));
        var feed = await Ledger(cell.DistrictId).FeedAsync(new FeedFilter(10, GridCellId: cell.Id));
        Assert.Equal([FeedItemKind.Resolved, FeedItemKind.Reported], feed.Select(f => f.Kind));
    }

    [Fact]
    public async Task Reminder_escalates_a_missed_acknowledgement_once_then_one_level_up()
    {
        var cell = TestCity.TakeCell();
        string id = TestReports.NewId();
        await Report(id).SubmitAsync(TestReports.Garbage(cell, TestReports.QuickCategory));
        string supervisor = TestCity.Map.Official(cell.OfficialId)!.SupervisorId!;
        string top = TestCity.Map.Official(supervisor)!.SupervisorId!;

        // City time passes the acknowledgement deadline; the reminder (due in real seconds) then finds it missed.
        fixture.Time.Advance(TestReports.QuickAcknowledge + TimeSpan.FromSeconds(1));
        await Eventually.ReadAsync(() => Escalations(id), e => e.Length == 1);
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // more reminder ticks: still one, level 2 is not due yet
        var first = Assert.Single(await Escalations(id));
        Assert.Contains($"escalated to {supervisor} (level 1)", first.Text, StringComparison.Ordinal);

        fixture.Time.Advance(TestReports.QuickAcknowledge);
        await Eventually.ReadAsync(() => Escalations(id), e => e.Length >= 2);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var escalated = await Report(id).GetAsync();
        Assert.Equal([supervisor, top], escalated!.Summary.EscalatedTo);
        Assert.Equal(2, escalated.Events.Count(e => e.Kind == ReportEventKind.Escalated && e.Text.Contains("acknowledgement", StringComparison.Ordinal)));
    }

    private async Task<ReportEvent[]> Escalations(string id) =>
        [.. (await Report(id).GetAsync())!.Events.Where(e => e.Kind == ReportEventKind.Escalated)];
}
