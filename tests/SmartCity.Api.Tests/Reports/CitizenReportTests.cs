using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SmartCity.Api.Tests.Reports;

/// <summary>A citizen files a report, follows it, rates it once it is resolved and reopens it. The city clock stands still.</summary>
[Collection(SharedTwin.Name)]
public sealed partial class CitizenReportTests(TwinFixture twin)
{
    [GeneratedRegex("^[0-9]{6}-[2-9A-HJKMNP-Z]{6}$")]
    private static partial Regex ReportIdShape();

    [Fact]
    public async Task Filed_report_is_created_at_its_own_address_and_routed_to_the_official_of_the_cell_holding_the_point()
    {
        var cell = twin.TakeReportCell();
        // A point off the centroid, a quarter of the way to a corner, still inside the cell.
        var corner = cell.Boundary.Ring[0];
        var point = new { lat = cell.Boundary.Centroid.Lat + (corner.Lat - cell.Boundary.Centroid.Lat) / 4, lon = cell.Boundary.Centroid.Lon + (corner.Lon - cell.Boundary.Centroid.Lon) / 4 };
        var gridAt = await twin.GetAsync($"/api/grids/at?{TwinFixture.PointQuery(new(point.lat, point.lon))}");

        using var response = await twin.PostAsync("/api/reports", new
        {
            category = "streetlight",
            description = "  The lamp outside number 12 has been dark for three nights.  ",
            location = point,
            address = "12 Wulin Road",
            photoUrl = "https://photos.example/lamp-12.jpg",
            attributes = new Dictionary<string, string> { ["pole"] = "WL-0412" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        string id = ReportCalls.Id(created);
        Assert.Matches(ReportIdShape(), id);
        Assert.Equal($"/api/reports/{id}", response.Headers.Location?.OriginalString);
        var followed = await twin.GetAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(created.GetRawText(), followed.GetRawText());

        Assert.Equal(cell.Id, gridAt.GetProperty("id").GetString());
        Assert.Equal(gridAt.GetProperty("id").GetString(), followed.GetProperty("gridCellId").GetString());
        Assert.Equal(gridAt.GetProperty("officialId").GetString(), followed.GetProperty("assigneeId").GetString());
        Assert.Equal(cell.OfficialId, followed.GetProperty("accountableOfficialId").GetString());
        Assert.Equal((cell.Community, cell.DistrictId), (followed.GetProperty("community").GetString(), followed.GetProperty("districtId").GetString()));
        Assert.Equal(("streetlight", "Street light out"), (followed.GetProperty("category").GetString(), followed.GetProperty("categoryName").GetString()));
        Assert.Equal("The lamp outside number 12 has been dark for three nights.", followed.GetProperty("description").GetString());
        Assert.Equal((point.lat, point.lon), (followed.GetProperty("location").GetProperty("lat").GetDouble(), followed.GetProperty("location").GetProperty("lon").GetDouble()));
        Assert.Equal("WL-0412", followed.GetProperty("attributes").GetProperty("pole").GetString());
        Assert.Equal(("submitted", false), (ReportCalls.Status(followed), followed.GetProperty("overdue").GetBoolean()));
        // Street lights: acknowledged within 4 hours, fixed within 2 days (report-categories.json).
        Assert.Equal(twin.Now, followed.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(twin.Now.AddHours(4), followed.GetProperty("acknowledgeBy").GetDateTimeOffset());
        Assert.Equal(twin.Now.AddDays(2), followed.GetProperty("resolveBy").GetDateTimeOffset());
        var submitted = Assert.Single(ReportCalls.Events(followed));
        Assert.Equal(("submitted", "citizen", twin.Now), (submitted.GetProperty("kind").GetString(), submitted.GetProperty("actor").GetString(), submitted.GetProperty("at").GetDateTimeOffset()));
        Assert.Contains(cell.OfficialId, submitted.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(new[] { id }, ReportCalls.Ids(await twin.GetAsync($"/api/reports?grid={cell.Id}")));
    }

    [Fact]
    public async Task Resolved_report_is_rated_by_its_reporter_and_the_rating_shows_on_the_report()
    {
        var cell = twin.TakeReportCell();
        string id = await twin.FileIdAsync(cell, citizenId: "citizen-rates-4");
        await twin.ResolveAsync(id, cell.OfficialId, "Collected the bags and washed the bins.");

        var rated = await twin.ActAsync(id, "rating", new { citizenId = "citizen-rates-4", stars = 4, comment = "Quick, but the smell stayed a day." });

        var followed = await twin.GetAsync($"/api/reports/{id}");
        Assert.Equal(rated.GetRawText(), followed.GetRawText());
        Assert.Equal(("resolved", 4), (ReportCalls.Status(followed), followed.GetProperty("rating").GetInt32()));
        Assert.Equal("Quick, but the smell stayed a day.", followed.GetProperty("ratingComment").GetString());
        Assert.Equal("Collected the bags and washed the bins.", followed.GetProperty("resolution").GetString());
        var last = ReportCalls.Events(followed)[^1];
        Assert.Equal(("rated", "citizen", "4 of 5."), (last.GetProperty("kind").GetString(), last.GetProperty("actor").GetString(), last.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Reporter_reopens_a_resolved_report_within_the_window_and_it_is_open_with_the_official_again()
    {
        var cell = twin.TakeReportCell();
        string id = await twin.FileIdAsync(cell, citizenId: "citizen-reopens");
        await twin.ResolveAsync(id, cell.OfficialId);
        Assert.Empty(ReportCalls.Ids(await twin.GetAsync($"/api/officials/{cell.OfficialId}/reports")));

        var reopened = await twin.ActAsync(id, "reopen", new { citizenId = "citizen-reopens", reason = "The bins are full again the next morning." });

        Assert.Equal(("reopened", 1), (ReportCalls.Status(reopened), reopened.GetProperty("reopenCount").GetInt32()));
        var last = ReportCalls.Events(reopened)[^1];
        Assert.Equal(("reopened", "citizen", "The bins are full again the next morning."),
            (last.GetProperty("kind").GetString(), last.GetProperty("actor").GetString(), last.GetProperty("text").GetString()));
        Assert.Equal(new[] { id }, ReportCalls.Ids(await twin.GetAsync($"/api/officials/{cell.OfficialId}/reports")));
        Assert.Equal(new[] { id }, ReportCalls.Ids(await twin.GetAsync($"/api/reports?grid={cell.Id}&status=open")));
        Assert.Empty(ReportCalls.Ids(await twin.GetAsync($"/api/reports?grid={cell.Id}&status=closed")));
        // The feed shows a resolution only while the report stays resolved.
        var feed = await twin.GetAsync($"/api/reports/feed?grid={cell.Id}");
        Assert.Equal(["reported"], feed.EnumerateArray().Select(item => item.GetProperty("kind").GetString()));
        await twin.ResolveAsync(id, cell.OfficialId, "Extra collection added on Thursdays.");
        Assert.Equal("resolved", ReportCalls.Status(await twin.GetAsync($"/api/reports/{id}")));
    }

    [Fact]
    public async Task Report_filed_without_a_citizen_id_can_be_rated_by_whoever_follows_it()
    {
        var cell = twin.TakeReportCell();
        string id = await twin.FileIdAsync(cell);
        await twin.ResolveAsync(id, cell.OfficialId);

        var rated = await twin.RateAsync(id, 5);

        Assert.Equal(5, rated.GetProperty("rating").GetInt32());
    }

    [Fact]
    public async Task Report_list_shows_the_cells_reports_newest_first_and_filters_by_status_and_category()
    {
        var cell = twin.TakeReportCell();
        string garbage = await twin.FileIdAsync(cell, "garbage");
        string vending = await twin.FileIdAsync(cell, "street-vending");
        await twin.ResolveAsync(vending, cell.OfficialId);

        // Both were filed at the same city time; the list then orders by id.
        Assert.Equal(new[] { garbage, vending }.Order(StringComparer.Ordinal), ReportCalls.Ids(await twin.GetAsync($"/api/reports?grid={cell.Id}")));
        Assert.Equal(new[] { garbage }, ReportCalls.Ids(await twin.GetAsync($"/api/reports?grid={cell.Id}&status=open")));
        Assert.Equal(new[] { vending }, ReportCalls.Ids(await twin.GetAsync($"/api/reports?grid={cell.Id}&status=closed")));
        Assert.Equal(new[] { vending }, ReportCalls.Ids(await twin.GetAsync($"/api/reports?grid={cell.Id}&category=street-vending&district={cell.DistrictId}")));
        Assert.Single(ReportCalls.Ids(await twin.GetAsync($"/api/reports?grid={cell.Id}&limit=1")));
    }

    [Fact]
    public async Task Categories_list_each_category_with_its_deadlines_and_questions()
    {
        var categories = await twin.GetAsync("/api/reports/categories");

        var road = categories.EnumerateArray().Single(c => c.GetProperty("code").GetString() == "road-damage");
        Assert.Equal(("02:00:00", "3.00:00:00"), (road.GetProperty("acknowledgeWithin").GetString(), road.GetProperty("resolveWithin").GetString()));
        var danger = road.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("code").GetString() == "danger");
        Assert.True(danger.GetProperty("required").GetBoolean());
        Assert.Contains("garbage", categories.EnumerateArray().Select(c => c.GetProperty("code").GetString()));
    }
}
