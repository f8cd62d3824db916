using System.Text.Json;
using SmartCity.Api.Tests.Reports;
using SmartCity.Grains.City;

namespace SmartCity.Api.Tests.Supervision;

/// <summary>
/// Grids and officials ranked on three cells whose reports are resolved at known city times. Other
/// tests of this twin add cells of their own, so these check how the three rank among themselves.
/// These move the city clock.
/// </summary>
[Collection(ReportClockTwin.Name)]
public sealed class LeaderboardTests(TwinFixture twin)
{
    [Fact]
    public async Task Grids_rank_by_the_chosen_figure_and_cells_without_reports_come_last()
    {
        var (a, b, c) = await ThreeRankedCellsAsync();
        var quiet = twin.TakeReportCell();

        // Share resolved within deadline, higher first: a 2 of 2 = 1.0, b 1 of 2 = 0.5, c 0 of 1 = 0.
        var byShare = await twin.GetAsync("/api/reports/leaderboard/grids?limit=1000");
        Assert.Equal(("30d", "shareResolvedWithinDeadline"), (byShare.GetProperty("window").GetString(), byShare.GetProperty("sortBy").GetString()));
        AssertRanked(byShare, "shareResolvedWithinDeadline", a.Id, b.Id, c.Id);
        Assert.Equal(0.5, Entry(byShare, b.Id).GetProperty("figures").GetProperty("shareResolvedWithinDeadline").GetDouble());
        AssertLast(byShare, "shareResolvedWithinDeadline", quiet.Id);
        // Median time to resolve, lower first: c 5 h; a 6 h; b (7 h + 30 h) / 2 = 18.5 h.
        var byMedian = await twin.GetAsync("/api/reports/leaderboard/grids?sortBy=medianTimeToResolve&window=all&limit=1000");
        AssertRanked(byMedian, "medianTimeToResolve", c.Id, a.Id, b.Id);
        Assert.Equal(18.5 * 3600, Entry(byMedian, b.Id).GetProperty("figures").GetProperty("timeToResolve").GetProperty("medianSeconds").GetDouble());
        // Average rating, higher first: b 5, c 4, a 3.
        AssertRanked(await twin.GetAsync("/api/reports/leaderboard/grids?sortBy=averageRating&limit=1000"), "averageRating", b.Id, c.Id, a.Id);
    }

    [Fact]
    public async Task Officials_rank_on_the_reports_they_answer_for()
    {
        var (a, b, c) = await ThreeRankedCellsAsync();

        var board = await twin.GetAsync("/api/reports/leaderboard/officials?sortBy=averageRating&limit=1000");

        AssertRanked(board, "averageRating", b.OfficialId, c.OfficialId, a.OfficialId);
        var entry = Entry(board, a.OfficialId);
        Assert.Equal((twin.City.Official(a.OfficialId)!.Name, a.DistrictId), (entry.GetProperty("name").GetString(), entry.GetProperty("districtId").GetString()));
        Assert.Equal(2, entry.GetProperty("figures").GetProperty("reported").GetInt32());
    }

    [Fact]
    public async Task Reports_older_than_the_window_leave_the_ranking_of_that_window()
    {
        var (a, b, c) = await ThreeRankedCellsAsync();

        twin.Time.Advance(TimeSpan.FromDays(8));

        var week = await twin.GetAsync("/api/reports/leaderboard/grids?sortBy=averageRating&window=7d&limit=1000");
        Assert.Equal("7d", week.GetProperty("window").GetString());
        Assert.All(new[] { a, b, c }, cell => Assert.Equal(0, Entry(week, cell.Id).GetProperty("figures").GetProperty("reported").GetInt32()));
        // Without reports in the window the three have no rating and rank by id behind every rated cell.
        var unrated = Ids(week).Where(id => id == a.Id || id == b.Id || id == c.Id);
        Assert.Equal(new[] { a.Id, b.Id, c.Id }.Order(StringComparer.Ordinal), unrated);
        AssertLast(week, "averageRating", a.Id, b.Id, c.Id);
        AssertRanked(await twin.GetAsync("/api/reports/leaderboard/grids?sortBy=averageRating&window=30d&limit=1000"), "averageRating", b.Id, c.Id, a.Id);
    }

    [Fact]
    public async Task Limit_cuts_the_list_but_every_grid_of_the_city_is_a_contender()
    {
        var board = await twin.GetAsync("/api/reports/leaderboard/grids?limit=3");

        Assert.Equal(twin.City.Definition.GridCells.Count, board.GetProperty("contenders").GetInt32());
        Assert.Equal([1, 2, 3], board.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("rank").GetInt32()));
        Assert.Equal(twin.Now, board.GetProperty("at").GetDateTimeOffset());
    }

    /// <summary>
    /// Cells a, b and c with garbage (resolve within 24 h) and illegal-parking (within 4 h) reports, all
    /// filed at the start: c's parking report resolved at 5 h (late); a's two garbage reports at 6 h;
    /// b's at 7 h and 30 h (late). Ratings: a 3 and 3, b 5 and 5, c 4.
    /// </summary>
    private async Task<(GridCellDefinition A, GridCellDefinition B, GridCellDefinition C)> ThreeRankedCellsAsync()
    {
        var (a, b, c) = (twin.TakeReportCell(), twin.TakeReportCell(), twin.TakeReportCell());
        var start = twin.Now;
        string[] inA = [await twin.FileIdAsync(a, citizenId: "citizen-a"), await twin.FileIdAsync(a, citizenId: "citizen-a")];
        string[] inB = [await twin.FileIdAsync(b, citizenId: "citizen-b"), await twin.FileIdAsync(b, citizenId: "citizen-b")];
        string inC = await twin.FileIdAsync(c, "illegal-parking", "citizen-c");

        twin.Time.SetUtcNow(start.AddHours(5));
        await twin.ResolveAsync(inC, c.OfficialId);
        twin.Time.SetUtcNow(start.AddHours(6));
        foreach (string id in inA) await twin.ResolveAsync(id, a.OfficialId);
        twin.Time.SetUtcNow(start.AddHours(7));
        await twin.ResolveAsync(inB[0], b.OfficialId);
        twin.Time.SetUtcNow(start.AddHours(30));
        await twin.ResolveAsync(inB[1], b.OfficialId);

        foreach (string id in inA) await twin.RateAsync(id, 3, "citizen-a");
        foreach (string id in inB) await twin.RateAsync(id, 5, "citizen-b");
        await twin.RateAsync(inC, 4, "citizen-c");
        return (a, b, c);
    }

    private static string[] Ids(JsonElement board) => ReportCalls.Ids(board.GetProperty("entries"));

    private static JsonElement Entry(JsonElement board, string id) =>
        board.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);

    /// <summary>The ids appear in this order, ranks run 1, 2, 3, ... and the board says what it sorted by.</summary>
    private static void AssertRanked(JsonElement board, string sortBy, params string[] expectedOrder)
    {
        Assert.Equal(sortBy, board.GetProperty("sortBy").GetString());
        var entries = board.GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(1, entries.Length), entries.Select(e => e.GetProperty("rank").GetInt32()));
        Assert.Equal(expectedOrder, Ids(board).Where(expectedOrder.Contains));
    }

    /// <summary>Entries without the figure sorted by come after every entry with it, and these ids are among them.</summary>
    private static void AssertLast(JsonElement board, string figure, params string[] ids)
    {
        var entries = board.GetProperty("entries").EnumerateArray().ToArray();
        bool[] hasFigure = [.. entries.Select(e => e.GetProperty("figures").GetProperty(figure).ValueKind != JsonValueKind.Null)];
        int firstWithout = Array.IndexOf(hasFigure, false);
        Assert.True(firstWithout >= 0, "Every entry has the figure.");
        Assert.All(hasFigure[firstWithout..], Assert.False);
        Assert.All(ids, id => Assert.True(Array.FindIndex(entries, e => e.GetProperty("id").GetString() == id) >= firstWithout, $"{id} ranks among those with the figure."));
    }
}
