using System.Net;
using System.Text.Json;
using SmartCity.Api.Tests.Reports;

namespace SmartCity.Api.Tests.Supervision;

/// <summary>
/// The supervision figures of a grid cell and its official, on reports whose every step happens at a
/// known city time; the expected values are worked out by hand below. These move the city clock.
/// </summary>
[Collection(ReportClockTwin.Name)]
public sealed class PerformanceFigureTests(TwinFixture twin)
{
    private DateTimeOffset _start;

    [Fact]
    public async Task Grid_and_official_figures_match_the_hand_worked_medians_shares_rating_and_reopen_rate()
    {
        var cell = twin.TakeReportCell();
        _start = twin.Now;
        // Six garbage reports filed at once: acknowledge within 2 h, resolve within 24 h.
        var r = new string[6];
        for (int i = 0; i < r.Length; i++) r[i] = await twin.FileIdAsync(cell, "garbage", citizenId: $"citizen-figures-{i}");
        string official = cell.OfficialId;

        await At(TimeSpan.FromMinutes(10), () => twin.AcknowledgeAsync(r[0], official));
        await At(TimeSpan.FromMinutes(20), () => twin.AcknowledgeAsync(r[1], official));
        await At(TimeSpan.FromMinutes(30), () => twin.AcknowledgeAsync(r[2], official));
        await At(TimeSpan.FromMinutes(60), () => twin.AcknowledgeAsync(r[3], official));
        await At(TimeSpan.FromMinutes(60), () => twin.ResolveAsync(r[0], official));
        await At(TimeSpan.FromMinutes(120), () => twin.AcknowledgeAsync(r[4], official));
        await At(TimeSpan.FromHours(3), () => twin.ResolveAsync(r[1], official));
        await At(TimeSpan.FromHours(5), () => twin.ResolveAsync(r[2], official));
        await At(TimeSpan.FromHours(30), () => twin.ResolveAsync(r[3], official));
        await twin.RateAsync(r[0], 5, "citizen-figures-0");
        await twin.RateAsync(r[1], 4, "citizen-figures-1");
        await twin.RateAsync(r[3], 2, "citizen-figures-3");
        await twin.ActAsync(r[2], "reopen", new { citizenId = "citizen-figures-2", reason = "The bins overflow again." });

        var grid = await twin.GetAsync($"/api/grids/{cell.Id}/performance");

        Assert.Equal(("grid", cell.Id, cell.Name, twin.Now), (grid.GetProperty("scope").GetString(), grid.GetProperty("id").GetString(), grid.GetProperty("name").GetString(), grid.GetProperty("at").GetDateTimeOffset()));
        var figures = grid.GetProperty("allTime");
        // At 30 h: open are r2 (reopened at 30 h, new deadlines 32 h and 54 h: in time), r4 (acknowledged,
        // resolve deadline 24 h passed) and r5 (never acknowledged, 2 h passed): 3 open, 2 overdue.
        Assert.Equal((6, 3, 2), (figures.GetProperty("reported").GetInt32(), figures.GetProperty("open").GetInt32(), figures.GetProperty("overdue").GetInt32()));
        // Time to acknowledge, sorted: 600, 1200, 1800, 3600, 7200 s (r5 never). R7: median h = 4 × 0.5 = 2
        // → 1800; p90 h = 4 × 0.9 = 3.6 → 3600 + 0.6 × (7200 − 3600) = 5760.
        AssertDurations(figures.GetProperty("timeToAcknowledge"), 5, 1800, 5760);
        // Time to resolve, sorted: 3600, 10800, 18000, 108000 s. Median h = 3 × 0.5 = 1.5 → 10800 + 0.5 × 7200
        // = 14400; p90 h = 3 × 0.9 = 2.7 → 18000 + 0.7 × (108000 − 18000) = 81000.
        AssertDurations(figures.GetProperty("timeToResolve"), 4, 14400, 81000);
        // Judged against the first 24 h deadline: r0, r1, r2 in time; r3 late; r4 and r5 unresolved past it → 3 of 6.
        Assert.Equal(0.5, figures.GetProperty("shareResolvedWithinDeadline").GetDouble(), 12);
        // Ratings 5, 4 and 2 → 11 / 3.
        Assert.Equal(3, figures.GetProperty("ratings").GetInt32());
        Assert.Equal(11.0 / 3, figures.GetProperty("averageRating").GetDouble(), 12);
        // One of the four resolved reports (r2) was reopened.
        Assert.Equal(0.25, figures.GetProperty("reopenRate").GetDouble(), 12);
        // Everything happened within the last 7 days, and the official answers for this cell alone.
        Assert.Equal(figures.GetRawText(), grid.GetProperty("last7Days").GetRawText());
        Assert.Equal(figures.GetRawText(), grid.GetProperty("last30Days").GetRawText());
        var person = await twin.GetAsync($"/api/officials/{official}/performance");
        Assert.Equal(("official", official), (person.GetProperty("scope").GetString(), person.GetProperty("id").GetString()));
        Assert.Equal(figures.GetRawText(), person.GetProperty("allTime").GetRawText());
    }

    [Fact]
    public async Task Reports_still_within_their_deadline_do_not_count_against_the_share_until_it_passes()
    {
        var cell = twin.TakeReportCell();
        _start = twin.Now;
        string inTime = await twin.FileIdAsync(cell, "water-leak");   // acknowledge within 30 min, resolve within 12 h
        string open = await twin.FileIdAsync(cell, "water-leak");

        await At(TimeSpan.FromMinutes(10), () => twin.AcknowledgeAsync(open, cell.OfficialId));
        await At(TimeSpan.FromHours(1), () => twin.ResolveAsync(inTime, cell.OfficialId));

        // The open report has 11 hours left: only the resolved one is judged, and it was in time.
        var early = (await twin.GetAsync($"/api/grids/{cell.Id}/performance")).GetProperty("allTime");
        Assert.Equal((1.0, 1, 0), (early.GetProperty("shareResolvedWithinDeadline").GetDouble(), early.GetProperty("open").GetInt32(), early.GetProperty("overdue").GetInt32()));
        // Resolving counts as acknowledging too: 600 and 3600 s. R7: median h = 0.5 → 2100; p90 h = 0.9 → 600 + 0.9 × 3000 = 3300.
        AssertDurations(early.GetProperty("timeToAcknowledge"), 2, 2100, 3300);
        twin.Time.SetUtcNow(_start.AddHours(12).AddSeconds(1));
        var late = (await twin.GetAsync($"/api/grids/{cell.Id}/performance")).GetProperty("allTime");
        Assert.Equal((0.5, 1), (late.GetProperty("shareResolvedWithinDeadline").GetDouble(), late.GetProperty("overdue").GetInt32()));
    }

    [Fact]
    public async Task Reports_older_than_a_window_drop_out_of_its_figures_but_not_out_of_all_time()
    {
        var cell = twin.TakeReportCell();
        _start = twin.Now;
        string id = await twin.FileIdAsync(cell);
        await At(TimeSpan.FromHours(1), () => twin.ResolveAsync(id, cell.OfficialId));

        twin.Time.SetUtcNow(_start.AddDays(8));

        var grid = await twin.GetAsync($"/api/grids/{cell.Id}/performance");
        var week = grid.GetProperty("last7Days");
        Assert.Equal(0, week.GetProperty("reported").GetInt32());
        Assert.Equal(JsonValueKind.Null, week.GetProperty("shareResolvedWithinDeadline").ValueKind);
        Assert.Equal(JsonValueKind.Null, week.GetProperty("timeToResolve").GetProperty("medianSeconds").ValueKind);
        Assert.Equal(1, grid.GetProperty("last30Days").GetProperty("reported").GetInt32());
        AssertDurations(grid.GetProperty("allTime").GetProperty("timeToResolve"), 1, 3600, 3600);
    }

    [Fact]
    public async Task District_community_and_city_figures_count_the_reports_of_their_cells()
    {
        var cell = twin.TakeReportCell();
        int district = await ReportedAsync($"/api/districts/{cell.DistrictId}/performance");
        int community = await ReportedAsync($"/api/communities/{Uri.EscapeDataString(cell.Community)}/performance");
        int city = await ReportedAsync("/api/city/performance");

        await twin.FileIdAsync(cell);
        await twin.FileIdAsync(cell);

        Assert.Equal(district + 2, await ReportedAsync($"/api/districts/{cell.DistrictId}/performance"));
        Assert.Equal(community + 2, await ReportedAsync($"/api/communities/{Uri.EscapeDataString(cell.Community)}/performance"));
        Assert.Equal(city + 2, await ReportedAsync("/api/city/performance"));
    }

    [Theory]
    [InlineData("/api/grids/grid:XH-9999/performance")]
    [InlineData("/api/districts/district:nowhere/performance")]
    [InlineData("/api/communities/Atlantis%20Community/performance")]
    [InlineData("/api/officials/official:XH-G999/performance")]
    public async Task Performance_of_something_not_in_the_city_is_a_404(string path)
    {
        using var response = await twin.Http.GetAsync(new Uri(path, UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    /// <summary>Sets the city clock to this long after the test's start and does the step then.</summary>
    private async Task At(TimeSpan sinceStart, Func<Task> step)
    {
        if (twin.Now < _start + sinceStart) twin.Time.SetUtcNow(_start + sinceStart);
        await step();
    }

    private static void AssertDurations(JsonElement durations, int count, double median, double p90)
    {
        Assert.Equal(count, durations.GetProperty("count").GetInt32());
        Assert.Equal(median, durations.GetProperty("medianSeconds").GetDouble(), 9);
        Assert.Equal(p90, durations.GetProperty("p90Seconds").GetDouble(), 9);
    }

    private async Task<int> ReportedAsync(string path) =>
        (await twin.GetAsync(path)).GetProperty("allTime").GetProperty("reported").GetInt32();
}
