using System.Text.Json;
using SmartCity.Api.Tests.Reports;
using SmartCity.Grains.City;

namespace SmartCity.Api.Tests.Supervision;

/// <summary>
/// The public "urban management dynamic": what was reported and resolved, newest first. Reports are
/// filed minutes apart by the city clock, so order and paging have something to show. These move the clock.
/// </summary>
[Collection(ReportClockTwin.Name)]
public sealed class FeedTests(TwinFixture twin)
{
    [Fact]
    public async Task Feed_of_a_grid_shows_reports_and_resolutions_newest_first()
    {
        var (cell, _, items) = await MinutesOfReportsAsync();

        var feed = await twin.GetAsync($"/api/reports/feed?grid={cell.Id}");

        Assert.Equal(items, Lines(feed));
        var resolved = feed[1];
        Assert.Equal(("Bins emptied.", cell.DistrictId, cell.Id), (resolved.GetProperty("text").GetString(), resolved.GetProperty("districtId").GetString(), resolved.GetProperty("gridCellId").GetString()));
        Assert.Equal($"Bins overflowing in {cell.Name}.", feed[3].GetProperty("text").GetString());
        Assert.Equal(cell.Boundary.Centroid.Lat, feed[3].GetProperty("location").GetProperty("lat").GetDouble());
    }

    [Fact]
    public async Task Feed_filters_by_district_grid_and_category()
    {
        var (cell, elsewhere, items) = await MinutesOfReportsAsync();

        var streetlights = await twin.GetAsync($"/api/reports/feed?grid={cell.Id}&category=streetlight");
        Assert.Equal(items.Where(i => i.Category == "streetlight"), Lines(streetlights));

        var district = await twin.GetAsync($"/api/reports/feed?district={elsewhere.DistrictId}&limit=500");
        Assert.All(district.EnumerateArray(), i => Assert.Equal(elsewhere.DistrictId, i.GetProperty("districtId").GetString()));
        Assert.Contains(district.EnumerateArray(), i => i.GetProperty("gridCellId").GetString() == elsewhere.Id);
        Assert.DoesNotContain(district.EnumerateArray(), i => i.GetProperty("gridCellId").GetString() == cell.Id);

        var citywide = await twin.GetAsync("/api/reports/feed?category=streetlight&limit=500");
        Assert.All(citywide.EnumerateArray(), i => Assert.Equal("streetlight", i.GetProperty("category").GetString()));
        var mine = Lines(citywide).Where(i => i.GridCellId == cell.Id || i.GridCellId == elsewhere.Id);
        // Newest first across districts: the streetlight in this cell (3 min) before the one elsewhere (2 min).
        Assert.Equal([cell.Id, elsewhere.Id], mine.Select(i => i.GridCellId));
        Assert.Empty((await twin.GetAsync($"/api/reports/feed?district={elsewhere.DistrictId}&grid={cell.Id}")).EnumerateArray());
    }

    [Fact]
    public async Task Feed_pages_back_in_time_with_before_the_last_item_seen()
    {
        var (cell, _, items) = await MinutesOfReportsAsync();

        var first = await twin.GetAsync($"/api/reports/feed?grid={cell.Id}&limit=2");
        var second = await twin.GetAsync($"/api/reports/feed?grid={cell.Id}&limit=2&before={Before(first[1])}");
        var third = await twin.GetAsync($"/api/reports/feed?grid={cell.Id}&limit=2&before={Before(second[1])}");

        Assert.Equal(items[..2], Lines(first));
        Assert.Equal(items[2..], Lines(second));
        Assert.Empty(Lines(third));
        // The instant may be written with any offset: 10:04 in Hangzhou is 02:04 UTC.
        var local = items[1].At.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var fromLocal = await twin.GetAsync($"/api/reports/feed?grid={cell.Id}&before={Uri.EscapeDataString(local)}");
        Assert.Equal(items[2..], Lines(fromLocal));
    }

    /// <summary>The before parameter of the next page: the item's time as the feed wrote it, escaped for a query ('+' is a space there).</summary>
    private static string Before(JsonElement item) => Uri.EscapeDataString(item.GetProperty("at").GetString()!);

    [Fact]
    public async Task Whole_city_feed_is_newest_first_and_holds_at_most_the_limit()
    {
        await MinutesOfReportsAsync();

        var feed = await twin.GetAsync("/api/reports/feed?limit=3");

        Assert.Equal(3, feed.GetArrayLength());
        var times = feed.EnumerateArray().Select(i => i.GetProperty("at").GetDateTimeOffset()).ToArray();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(twin.Now, times[0]);
    }

    /// <summary>
    /// In a fresh cell, a minute apart by the city clock: a garbage report (1 min), a streetlight in
    /// a cell of another district (2 min), a streetlight here (3 min), the garbage resolved (4 min),
    /// another garbage report (5 min). Returns the fresh cell's feed as it should read, newest first.
    /// </summary>
    private async Task<(GridCellDefinition Cell, GridCellDefinition Elsewhere, FeedLine[] Items)> MinutesOfReportsAsync()
    {
        var cell = twin.TakeReportCell();
        var elsewhere = twin.TakeReportCell(c => c.DistrictId != cell.DistrictId);
        var start = twin.Now;
        twin.Time.SetUtcNow(start.AddMinutes(1));
        string bins = await twin.FileIdAsync(cell, "garbage");
        twin.Time.SetUtcNow(start.AddMinutes(2));
        await twin.FileIdAsync(elsewhere, "streetlight");
        twin.Time.SetUtcNow(start.AddMinutes(3));
        string lamp = await twin.FileIdAsync(cell, "streetlight");
        twin.Time.SetUtcNow(start.AddMinutes(4));
        await twin.ResolveAsync(bins, cell.OfficialId, "Bins emptied.");
        twin.Time.SetUtcNow(start.AddMinutes(5));
        string moreBins = await twin.FileIdAsync(cell, "garbage");
        return (cell, elsewhere,
        [
            new(moreBins, "reported", start.AddMinutes(5), "garbage", cell.Id),
            new(bins, "resolved", start.AddMinutes(4), "garbage", cell.Id),
            new(lamp, "reported", start.AddMinutes(3), "streetlight", cell.Id),
            new(bins, "reported", start.AddMinutes(1), "garbage", cell.Id),
        ]);
    }

    private static FeedLine[] Lines(JsonElement feed) =>
    [
        .. feed.EnumerateArray().Select(i => new FeedLine(
            i.GetProperty("reportId").GetString()!, i.GetProperty("kind").GetString()!, i.GetProperty("at").GetDateTimeOffset(),
            i.GetProperty("category").GetString()!, i.GetProperty("gridCellId").GetString()!)),
    ];

    private sealed record FeedLine(string ReportId, string Kind, DateTimeOffset At, string Category, string GridCellId);
}
