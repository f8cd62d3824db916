using SmartCity.Api.Reports;
using SmartCity.Api.Security;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Reports;

namespace SmartCity.Api.Supervision;

/// <summary>
/// Public supervision of officials: how fast each official, grid, community and district answers
/// reports, a leaderboard, and the "urban management dynamic" feed. No personal data in any of it.
/// </summary>
public static class SupervisionEndpoints
{
    public static IEndpointRouteBuilder MapSupervisionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/city/performance", CityPerformance).Public().WithTags("Supervision")
            .WithSummary("How fast the city answers reports: 7 days, 30 days and all time")
            .Produces<PerformanceView>();
        app.MapGet("/api/districts/{id}/performance", DistrictPerformance).Public().WithTags("Supervision")
            .WithSummary("How fast a district answers reports")
            .Produces<PerformanceView>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/communities/{name}/performance", CommunityPerformance).Public().WithTags("Supervision")
            .WithSummary("How fast a community answers reports")
            .Produces<PerformanceView>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/grids/{id}/performance", GridPerformance).Public().WithTags("Supervision")
            .WithSummary("How fast a grid cell answers reports")
            .Produces<PerformanceView>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/officials/{id}/performance", OfficialPerformance).Public().WithTags("Supervision")
            .WithSummary("How fast an official answers the reports they are accountable for")
            .Produces<PerformanceView>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/officials/{id}/reports", OfficialWorklist).Public().WithTags("Supervision")
            .WithSummary("An official's worklist, most urgent deadline first (status=open|closed|all)")
            .Produces<ReportListItem[]>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/reports/leaderboard/grids", GridLeaderboard).Public().WithTags("Supervision")
            .WithSummary("Grid cells ranked (window=7d|30d|all, sortBy, limit)")
            .Produces<LeaderboardView>().ProducesValidationProblem();
        app.MapGet("/api/reports/leaderboard/officials", OfficialLeaderboard).Public().WithTags("Supervision")
            .WithSummary("Grid officials ranked (window=7d|30d|all, sortBy, limit)")
            .Produces<LeaderboardView>().ProducesValidationProblem();
        app.MapGet("/api/reports/feed", Feed).Public().WithTags("Supervision")
            .WithSummary("What was reported and resolved, newest first (district, grid, category, before, limit)")
            .Produces<FeedItem[]>().ProducesValidationProblem();
        return app;
    }

    public static async Task<IResult> CityPerformance(ReportLedgers ledgers, CityMap city, CityClock clock) =>
        Results.Ok(PerformanceView.Of("city", "city", city.Definition.Name, await ledgers.FindAsync(Everything()), clock.Now));

    public static async Task<IResult> DistrictPerformance(string id, ReportLedgers ledgers, CityMap city, CityClock clock) =>
        city.District(id) is not { } district
            ? ApiProblems.NotFound("district", id)
            : Results.Ok(PerformanceView.Of("district", id, district.Name, await ledgers.FindAsync(Everything(), id), clock.Now));

    public static async Task<IResult> CommunityPerformance(string name, ReportLedgers ledgers, CityMap city, CityClock clock)
    {
        if (!city.Definition.GridCells.Any(c => c.Community == name)) return ApiProblems.NotFound("community", name);
        // Every district is asked: a city file may give two communities in different districts one name.
        var reports = await ledgers.FindAsync(Everything() with { Community = name });
        return Results.Ok(PerformanceView.Of("community", name, name, reports, clock.Now));
    }

    public static async Task<IResult> GridPerformance(string id, ReportLedgers ledgers, CityMap city, CityClock clock)
    {
        if (city.GridCell(id) is not { } cell) return ApiProblems.NotFound("grid cell", id);
        var reports = await ledgers.FindAsync(Everything() with { GridCellId = id }, cell.DistrictId);
        return Results.Ok(PerformanceView.Of("grid", id, cell.Name, reports, clock.Now));
    }

    /// <summary>The reports an official answers for: those they hold, and those of their grids while a department holds them.</summary>
    public static async Task<IResult> OfficialPerformance(string id, ReportLedgers ledgers, CityMap city, CityClock clock)
    {
        if (city.Official(id) is not { } official) return ApiProblems.NotFound("official", id);
        var reports = await ledgers.FindAsync(Everything() with { AccountableOfficialId = id });
        return Results.Ok(PerformanceView.Of("official", id, official.Name, reports, clock.Now));
    }

    /// <summary>An official's worklist: reports they hold, answer for or received by escalation; most urgent deadline first.</summary>
    public static async Task<IResult> OfficialWorklist(string id, HttpContext http, ReportLedgers ledgers, CityMap city, CityClock clock)
    {
        if (city.Official(id) is null) return ApiProblems.NotFound("official", id);
        var query = new QueryParameters(http.Request.Query);
        string status = query.Choice("status", ["open", "closed", "all"]) ?? "open";
        if (query.HasErrors) return ApiProblems.BadRequest(query.Errors);
        bool? open = status switch { "open" => true, "closed" => false, _ => null };
        var reports = await ledgers.FindAsync(Everything() with { OfficialId = id, Open = open });
        var now = clock.Now;
        return Results.Ok(reports
            .OrderBy(r => r.Status is ReportStatus.Submitted or ReportStatus.Reopened ? r.AcknowledgeBy : r.ResolveBy)
            .Select(r => ReportListItem.Of(r, now)));
    }

    public static Task<IResult> GridLeaderboard(HttpContext http, ReportLedgers ledgers, CityMap city, CityClock clock) =>
        LeaderboardAsync(http, ledgers, clock,
            city.Definition.GridCells.Select(c => new Contender(c.Id, c.Name, c.DistrictId)),
            report => report.GridCellId);

    /// <summary>Officials are ranked on the reports they answer for; every grid official is listed, with or without reports.</summary>
    public static Task<IResult> OfficialLeaderboard(HttpContext http, ReportLedgers ledgers, CityMap city, CityClock clock) =>
        LeaderboardAsync(http, ledgers, clock,
            city.Definition.Officials
                .Where(o => o.Role == OfficialRole.GridOfficial || city.GridsByOfficial.ContainsKey(o.Id))
                .Select(o => new Contender(o.Id, o.Name, city.GridsByOfficial.GetValueOrDefault(o.Id, []) is [var first, ..] ? city.GridCell(first)!.DistrictId : null)),
            report => report.AccountableOfficialId);

    private static async Task<IResult> LeaderboardAsync(
        HttpContext http, ReportLedgers ledgers, CityClock clock, IEnumerable<Contender> contenders, Func<ReportSummary, string> groupOf)
    {
        var query = new QueryParameters(http.Request.Query);
        var window = Leaderboard.Window(query);
        var sortBy = Leaderboard.SortOrder(query);
        int limit = query.WholeNumber("limit", 50, 1, 1000);
        if (query.HasErrors) return ApiProblems.BadRequest(query.Errors);
        var now = clock.Now;
        var since = window.Length is { } length ? now - length : (DateTimeOffset?)null;
        var reports = await ledgers.FindAsync(Everything() with { CreatedFrom = since });
        return Results.Ok(Leaderboard.Rank(contenders, reports.ToLookup(groupOf), window, sortBy, now, limit));
    }

    /// <summary>GET /api/reports/feed?district=&amp;grid=&amp;category=&amp;before=&amp;limit=: reported and resolved, newest first.</summary>
    public static async Task<IResult> Feed(HttpContext http, ReportLedgers ledgers, CityMap city, ReportCatalog catalog)
    {
        var query = new QueryParameters(http.Request.Query);
        string? districtId = query.Known("district", id => city.District(id) is not null, "district");
        string? gridId = query.Known("grid", id => city.GridCell(id) is not null, "grid cell");
        var filter = new FeedFilter(
            query.WholeNumber("limit", 50, 1, 500),
            gridId,
            query.Choice("category", catalog.Categories.Select(c => c.Code)),
            query.Instant("before"));
        if (query.HasErrors) return ApiProblems.BadRequest(query.Errors);
        // A grid names its district, so only that ledger needs asking.
        districtId ??= gridId is null ? null : city.GridCell(gridId)!.DistrictId;
        return Results.Ok(await ledgers.FeedAsync(filter, districtId));
    }

    private static ReportFilter Everything() => new(int.MaxValue);
}
