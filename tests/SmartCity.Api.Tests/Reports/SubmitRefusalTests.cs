using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartCity.Grains.City;

namespace SmartCity.Api.Tests.Reports;

/// <summary>
/// A report with a bad field is refused with RFC 9457 problem details naming the field, and nothing
/// is filed: the city's report count and the cell's list stay as they were.
/// </summary>
[Collection(SharedTwin.Name)]
public sealed class SubmitRefusalTests(TwinFixture twin)
{
    private const string Centre = """{"lat": LAT, "lon": LON}""";

    [Fact]
    public async Task Report_outside_every_grid_is_refused_and_nothing_is_filed()
    {
        int before = await twin.ReportsInCityAsync();
        string listBefore = await twin.TextAsync("/api/reports?limit=1000");

        using var response = await twin.PostAsync("/api/reports", new { category = "garbage", description = "Bins full.", location = new { lat = 10, lon = 10 } });

        var problem = await ProblemAssert.NamesFieldsAsync(response, "location");
        Assert.Contains("outside every grid cell", problem.GetProperty("errors").GetProperty("location")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await twin.ReportsInCityAsync());
        Assert.Equal(listBefore, await twin.TextAsync("/api/reports?limit=1000"));
    }

    [Theory]
    [InlineData("""{"category": "unicorn-sighting", "description": "A unicorn.", "location": CENTRE}""", new[] { "category" })]
    [InlineData("""{"description": "Bins full.", "location": CENTRE}""", new[] { "category" })]
    [InlineData("""{"category": "garbage", "description": "", "location": CENTRE}""", new[] { "description" })]
    [InlineData("""{"category": "garbage", "description": " \t\n ", "location": CENTRE}""", new[] { "description" })]
    [InlineData("""{"category": "garbage", "location": CENTRE}""", new[] { "description" })]
    [InlineData("""{"category": "garbage", "description": "Bins full."}""", new[] { "location" })]
    [InlineData("""{"category": "garbage", "description": "Bins full.", "location": null}""", new[] { "location" })]
    [InlineData("""{"category": "garbage", "description": "Bins full.", "location": {"lat": LAT}}""", new[] { "location" })]
    [InlineData("""{"category": "garbage", "description": "Bins full.", "location": {"lat": 91, "lon": LON}}""", new[] { "location" })]
    [InlineData("""{"category": "garbage", "description": "Bins full.", "location": CENTRE, "photoUrl": "bins.jpg"}""", new[] { "photoUrl" })]
    [InlineData("""{"category": "garbage", "description": "Bins full.", "location": CENTRE, "photoUrl": "ftp://photos.example/bins.jpg"}""", new[] { "photoUrl" })]
    [InlineData("""{"category": "garbage", "description": "Bins full.", "location": CENTRE, "photoUrl": "javascript:alert(1)"}""", new[] { "photoUrl" })]
    [InlineData("""{"category": "garbage", "description": "Bins full.", "location": CENTRE, "contact": {"email": "not-an-address"}}""", new[] { "contact.email" })]
    [InlineData("""{"category": "garbage", "description": "Bins full.", "location": CENTRE, "attributes": {"size": "large"}}""", new[] { "attributes.size" })]
    [InlineData("""{"category": "road-damage", "description": "Pothole.", "location": CENTRE}""", new[] { "attributes.danger" })]
    [InlineData("""{"category": "road-damage", "description": "Pothole.", "location": CENTRE, "attributes": {"danger": "maybe"}}""", new[] { "attributes.danger" })]
    [InlineData("""{"category": "road-damage", "description": "Pothole.", "location": CENTRE, "attributes": {"danger": null}}""", new[] { "attributes.danger" })]
    [InlineData("""{"category": "streetlight", "description": "Dark.", "location": CENTRE, "attributes": {"pole": null}}""", new[] { "attributes.pole" })]
    [InlineData("""{"category": "unicorn-sighting", "description": "  ", "location": {"lat": 10, "lon": 10}}""", new[] { "category", "description", "location" })]
    public async Task Report_with_a_bad_field_is_refused_naming_it_and_nothing_is_filed(string body, string[] fields)
    {
        var cell = twin.TakeReportCell();
        int before = await twin.ReportsInCityAsync();

        using var response = await twin.PostRawAsync("/api/reports", WithCentreOf(cell, body));

        await ProblemAssert.NamesFieldsAsync(response, fields);
        Assert.Equal(before, await twin.ReportsInCityAsync());
        Assert.Equal("[]", await twin.TextAsync($"/api/reports?grid={cell.Id}"));
    }

    [Theory]
    [InlineData("""{"category": "garbage", "description": 42, "location": CENTRE}""", "description")]
    [InlineData("""{"category": ["garbage"], "description": "Bins full.", "location": CENTRE}""", "category")]
    [InlineData("""{"category": "garbage", "description": "Bins full.", "location": {"lat": "north", "lon": LON}}""", "location.lat")]
    [InlineData("""{"category": "garbage", "description": "Bins full.", "location": CENTRE, "contact": "13800138000"}""", "contact")]
    [InlineData("""{"category": "garbage", "description": "Bins full.", "location": CENTRE, "colour": "green"}""", "colour")]
    [InlineData("""{"category": "garbage", "description": "Bins full.", "location": CENTRE, "contact": {"phone": "13800138000", "fax": "1"}}""", "contact.fax")]
    [InlineData("""{"category": "garbage", "description": "Bins full.", "location": CENTRE""", "body")]
    [InlineData("""{"category": "garbage", "description": "Bins full.", "location": CENTRE}}""", "body")]
    [InlineData("""not json""", "body")]
    [InlineData("""null""", "body")]
    [InlineData("""[]""", "body")]
    [InlineData("", "body")]
    public async Task Body_that_is_not_a_report_is_refused_naming_where_it_goes_wrong_and_nothing_is_filed(string body, string field)
    {
        var cell = twin.TakeReportCell();
        int before = await twin.ReportsInCityAsync();

        using var response = await twin.PostRawAsync("/api/reports", WithCentreOf(cell, body));

        await ProblemAssert.NamesFieldsAsync(response, field);
        Assert.Equal(before, await twin.ReportsInCityAsync());
        Assert.Equal("[]", await twin.TextAsync($"/api/reports?grid={cell.Id}"));
    }

    [Fact]
    public async Task Description_of_4000_characters_is_filed_and_one_more_is_refused()
    {
        var cell = twin.TakeReportCell();
        var report = ReportCalls.NewReport(cell);
        report["description"] = new string('x', 4001);
        int before = await twin.ReportsInCityAsync();

        using var tooLong = await twin.PostAsync("/api/reports", report);

        await ProblemAssert.NamesFieldsAsync(tooLong, "description");
        Assert.Equal(before, await twin.ReportsInCityAsync());
        report["description"] = new string('x', 4000);
        using var longest = await twin.PostAsync("/api/reports", report);
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        Assert.Equal(4000, (await longest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("description").GetString()!.Length);
        Assert.Equal(before + 1, await twin.ReportsInCityAsync());
    }

    [Fact]
    public async Task Body_over_64_KiB_is_refused_as_too_large_and_nothing_is_filed()
    {
        var cell = twin.TakeReportCell();
        var report = ReportCalls.NewReport(cell);
        report["address"] = new string('x', 70 * 1024);
        int before = await twin.ReportsInCityAsync();

        using var response = await twin.PostAsync("/api/reports", report);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        ProblemAssert.AssertNamesFields(problem.GetProperty("errors"), "body");
        Assert.Equal(before, await twin.ReportsInCityAsync());
    }

    private static string WithCentreOf(GridCellDefinition cell, string body) => body
        .Replace("CENTRE", Centre, StringComparison.Ordinal)
        .Replace("LAT", cell.Boundary.Centroid.Lat.ToString("R", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("LON", cell.Boundary.Centroid.Lon.ToString("R", CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
