using System.Net;

namespace SmartCity.Api.Tests.Reports;

/// <summary>What the passing of time does to a report: it turns overdue, and the reopen window closes. These move the city clock.</summary>
[Collection(ReportClockTwin.Name)]
public sealed class ReportDeadlineTests(TwinFixture twin)
{
    [Fact]
    public async Task Report_not_acknowledged_by_its_deadline_shows_as_overdue_until_it_is_acknowledged()
    {
        var cell = twin.TakeReportCell();
        string id = await twin.FileIdAsync(cell, "garbage");
        var filedAt = twin.Now;

        // Garbage is acknowledged within 2 hours; at the deadline itself the report is still in time.
        twin.Time.SetUtcNow(filedAt.AddHours(2));
        Assert.False((await twin.GetAsync($"/api/reports/{id}")).GetProperty("overdue").GetBoolean());

        twin.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.True((await twin.GetAsync($"/api/reports/{id}")).GetProperty("overdue").GetBoolean());
        var listed = Assert.Single((await twin.GetAsync($"/api/officials/{cell.OfficialId}/reports")).EnumerateArray());
        Assert.True(listed.GetProperty("overdue").GetBoolean());
        var acknowledged = await twin.AcknowledgeAsync(id, cell.OfficialId);
        Assert.False(acknowledged.GetProperty("overdue").GetBoolean());
        Assert.Equal(filedAt.AddHours(2).AddSeconds(1), acknowledged.GetProperty("firstAcknowledgedAt").GetDateTimeOffset());
        Assert.Equal(1, (await twin.GetAsync($"/api/grids/{cell.Id}/performance")).GetProperty("allTime").GetProperty("timeToAcknowledge").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Resolved_report_can_be_reopened_for_seven_days_and_not_after()
    {
        var cell = twin.TakeReportCell();
        string early = await twin.FileIdAsync(cell, citizenId: "citizen-early");
        string late = await twin.FileIdAsync(cell, citizenId: "citizen-late");
        await twin.ResolveAsync(early, cell.OfficialId);
        await twin.ResolveAsync(late, cell.OfficialId);
        var resolvedAt = twin.Now;

        twin.Time.SetUtcNow(resolvedAt + TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        var reopened = await twin.ActAsync(early, "reopen", new { citizenId = "citizen-early", reason = "Still overflowing." });
        Assert.Equal("reopened", ReportCalls.Status(reopened));
        // A new round: new deadlines from the reopening.
        Assert.Equal(twin.Now.AddHours(2), reopened.GetProperty("acknowledgeBy").GetDateTimeOffset());

        twin.Time.SetUtcNow(resolvedAt + TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        string before = await twin.TextAsync($"/api/reports/{late}");
        using var tooLate = await twin.PostAsync($"/api/reports/{late}/reopen", new { citizenId = "citizen-late", reason = "Still overflowing." });

        var problem = await ProblemAssert.IsProblemAsync(tooLate, HttpStatusCode.Conflict);
        ProblemAssert.AssertNamesFields(problem.GetProperty("errors"), "status");
        Assert.Equal(before, await twin.TextAsync($"/api/reports/{late}"));
        Assert.Equal("resolved", ReportCalls.Status(await twin.GetAsync($"/api/reports/{late}")));
    }
}
