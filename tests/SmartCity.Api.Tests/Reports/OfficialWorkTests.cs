using System.Net;

namespace SmartCity.Api.Tests.Reports;

/// <summary>An official acknowledges, notes, passes on and resolves reports and works through a worklist. The city clock stands still.</summary>
[Collection(SharedTwin.Name)]
public sealed class OfficialWorkTests(TwinFixture twin)
{
    [Fact]
    public async Task Every_step_of_an_officials_work_is_an_event_with_its_time_actor_and_text()
    {
        var cell = twin.TakeReportCell();
        string official = cell.OfficialId, colleague = twin.TakeReportCell().OfficialId;
        string id = await twin.FileIdAsync(cell);

        var acknowledged = await twin.AcknowledgeAsync(id, official, "On my way.");
        Assert.Equal(("acknowledged", twin.Now), (ReportCalls.Status(acknowledged), acknowledged.GetProperty("firstAcknowledgedAt").GetDateTimeOffset()));
        await twin.ActAsync(id, "notes", new { actorId = official, text = "The bins belong to the market; I asked its manager." });
        var withColleague = await twin.ActAsync(id, "pass-on", new { actorId = official, to = colleague, reason = "The market street is on her round." });
        Assert.Equal((colleague, colleague), (withColleague.GetProperty("assigneeId").GetString(), withColleague.GetProperty("accountableOfficialId").GetString()));
        var withDepartment = await twin.ActAsync(id, "pass-on", new { actorId = colleague, to = "department:sanitation", reason = "It needs a bin lorry." });
        // While a department holds a report, the grid's own official answers for it.
        Assert.Equal(("department:sanitation", official), (withDepartment.GetProperty("assigneeId").GetString(), withDepartment.GetProperty("accountableOfficialId").GetString()));
        await twin.ResolveAsync(id, "department:sanitation", "The lorry emptied all four bins.");

        var report = await twin.GetAsync($"/api/reports/{id}");
        Assert.Equal(("resolved", twin.Now), (ReportCalls.Status(report), report.GetProperty("resolvedAt").GetDateTimeOffset()));
        Assert.Equal("The lorry emptied all four bins.", report.GetProperty("resolution").GetString());
        Assert.Equal(
            [
                (1, "submitted", "citizen", $"Reported in {cell.Name}; routed to {official}."),
                (2, "acknowledged", official, "On my way."),
                (3, "noted", official, "The bins belong to the market; I asked its manager."),
                (4, "passedOn", official, $"Passed on from {official} to {colleague}: The market street is on her round."),
                (5, "passedOn", colleague, $"Passed on from {colleague} to department:sanitation: It needs a bin lorry."),
                (6, "resolved", "department:sanitation", "The lorry emptied all four bins."),
            ],
            ReportCalls.Events(report).Select(e => (
                e.GetProperty("sequence").GetInt32(), e.GetProperty("kind").GetString(), e.GetProperty("actor").GetString(), e.GetProperty("text").GetString())));
        Assert.All(ReportCalls.Events(report), e => Assert.Equal(twin.Now, e.GetProperty("at").GetDateTimeOffset()));
    }

    [Fact]
    public async Task Report_passed_to_another_official_leaves_the_first_officials_worklist_and_joins_the_other()
    {
        var cell = twin.TakeReportCell();
        string colleague = twin.TakeReportCell().OfficialId;
        string id = await twin.FileIdAsync(cell);
        Assert.Equal(new[] { id }, await WorklistAsync(cell.OfficialId));

        await twin.ActAsync(id, "pass-on", new { actorId = cell.OfficialId, to = colleague, reason = "Wrong side of the road." });

        Assert.Empty(await WorklistAsync(cell.OfficialId));
        Assert.Equal(new[] { id }, await WorklistAsync(colleague));
        using var note = await twin.PostAsync($"/api/reports/{id}/notes", new { actorId = cell.OfficialId, text = "Still mine?" });
        await ProblemAssert.IsProblemAsync(note, HttpStatusCode.Forbidden);
        await twin.AcknowledgeAsync(id, colleague);
    }

    [Fact]
    public async Task Worklist_lists_the_officials_open_reports_most_urgent_deadline_first()
    {
        var cell = twin.TakeReportCell();
        // Filed in this order; each waits on the deadline in brackets (report-categories.json).
        string streetlight = await twin.FileIdAsync(cell, "streetlight");       // acknowledge within 4 h
        string parking = await twin.FileIdAsync(cell, "illegal-parking");       // acknowledge within 30 min
        string garbage = await twin.FileIdAsync(cell, "garbage");               // acknowledged: resolve within 24 h
        string leak = await twin.FileIdAsync(cell, "water-leak");               // acknowledged: resolve within 12 h
        string vending = await twin.FileIdAsync(cell, "street-vending");        // resolved: no longer open
        await twin.AcknowledgeAsync(garbage, cell.OfficialId);
        await twin.AcknowledgeAsync(leak, cell.OfficialId);
        await twin.ResolveAsync(vending, cell.OfficialId);

        var worklist = await twin.GetAsync($"/api/officials/{cell.OfficialId}/reports");

        Assert.Equal([parking, streetlight, leak, garbage], ReportCalls.Ids(worklist));
        Assert.Equal(
            [twin.Now.AddMinutes(30), twin.Now.AddHours(4), twin.Now.AddHours(12), twin.Now.AddHours(24)],
            worklist.EnumerateArray().Select((r, i) => r.GetProperty(i < 2 ? "acknowledgeBy" : "resolveBy").GetDateTimeOffset()));
        Assert.Equal(new[] { vending }, await WorklistAsync(cell.OfficialId, "closed"));
        Assert.Equal(5, (await WorklistAsync(cell.OfficialId, "all")).Length);
    }

    [Fact]
    public async Task Official_with_no_reports_has_an_empty_worklist_and_an_unknown_official_is_a_404()
    {
        Assert.Empty(await WorklistAsync(twin.TakeReportCell().OfficialId, "all"));

        using var response = await twin.Http.GetAsync(new Uri("/api/officials/official:XH-G999/reports", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("official:XH-G999", problem.GetProperty("id").GetString());
    }

    private async Task<string[]> WorklistAsync(string officialId, string status = "open") =>
        ReportCalls.Ids(await twin.GetAsync($"/api/officials/{officialId}/reports?status={status}"));
}
