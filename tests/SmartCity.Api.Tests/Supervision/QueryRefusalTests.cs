using SmartCity.Api.Tests.Reports;

namespace SmartCity.Api.Tests.Supervision;

/// <summary>A bad query parameter on a report list, worklist, leaderboard or the feed is a 400 naming that parameter.</summary>
[Collection(SharedTwin.Name)]
public sealed class QueryRefusalTests(TwinFixture twin)
{
    [Theory]
    [InlineData("/api/reports?limit=0", new[] { "limit" })]
    [InlineData("/api/reports?limit=1001", new[] { "limit" })]
    [InlineData("/api/reports?limit=ten", new[] { "limit" })]
    [InlineData("/api/reports?limit=2.5", new[] { "limit" })]
    [InlineData("/api/reports?status=pending", new[] { "status" })]
    [InlineData("/api/reports?status=OPEN", new[] { "status" })]
    [InlineData("/api/reports?category=unicorn-sighting", new[] { "category" })]
    [InlineData("/api/reports?grid=grid:XH-9999", new[] { "grid" })]
    [InlineData("/api/reports?district=district:nowhere", new[] { "district" })]
    [InlineData("/api/reports?district=district:nowhere&status=maybe&limit=-1", new[] { "district", "status", "limit" })]
    [InlineData("/api/reports/leaderboard/grids?sortBy=bestest", new[] { "sortBy" })]
    [InlineData("/api/reports/leaderboard/grids?sortBy=averagerating", new[] { "sortBy" })]
    [InlineData("/api/reports/leaderboard/grids?window=1y", new[] { "window" })]
    [InlineData("/api/reports/leaderboard/grids?window=7", new[] { "window" })]
    [InlineData("/api/reports/leaderboard/grids?limit=0", new[] { "limit" })]
    [InlineData("/api/reports/leaderboard/grids?sortBy=fastest&window=forever", new[] { "sortBy", "window" })]
    [InlineData("/api/reports/leaderboard/officials?sortBy=bestest", new[] { "sortBy" })]
    [InlineData("/api/reports/leaderboard/officials?window=1y", new[] { "window" })]
    [InlineData("/api/reports/leaderboard/officials?limit=many", new[] { "limit" })]
    [InlineData("/api/reports/feed?before=yesterday", new[] { "before" })]
    [InlineData("/api/reports/feed?before=2026-13-01T00:00:00Z", new[] { "before" })]
    [InlineData("/api/reports/feed?limit=501", new[] { "limit" })]
    [InlineData("/api/reports/feed?limit=0", new[] { "limit" })]
    [InlineData("/api/reports/feed?grid=grid:XH-9999", new[] { "grid" })]
    [InlineData("/api/reports/feed?district=district:nowhere", new[] { "district" })]
    [InlineData("/api/reports/feed?category=unicorn-sighting", new[] { "category" })]
    public async Task Bad_query_parameter_is_refused_naming_it(string path, string[] parameters)
    {
        using var response = await twin.Http.GetAsync(new Uri(path, UriKind.Relative));

        await ProblemAssert.NamesFieldsAsync(response, parameters);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("Open")]
    public async Task Worklist_with_an_unknown_status_is_refused_naming_status(string status)
    {
        string official = twin.TakeReportCell().OfficialId;

        using var response = await twin.Http.GetAsync(new Uri($"/api/officials/{official}/reports?status={status}", UriKind.Relative));

        await ProblemAssert.NamesFieldsAsync(response, "status");
    }

    [Theory]
    [InlineData("/api/reports?limit=1000&status=open")]
    [InlineData("/api/reports/leaderboard/grids?sortBy=p90TimeToResolve&window=7d&limit=1")]
    [InlineData("/api/reports/leaderboard/officials?sortBy=overdue&window=all")]
    [InlineData("/api/reports/leaderboard/grids?sortBy=reopenRate")]
    [InlineData("/api/reports/leaderboard/grids?sortBy=medianTimeToAcknowledge")]
    [InlineData("/api/reports/feed?before=2026-11-25T10:00:00%2B08:00&limit=500&category=garbage")]
    public async Task Good_query_parameters_are_answered(string path)
    {
        await twin.TextAsync(path);
    }
}
