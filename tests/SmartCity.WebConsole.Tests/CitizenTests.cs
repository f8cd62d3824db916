using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Geo;

namespace SmartCity.WebConsole.Tests;

[Collection(SharedConsoleTwin.Name)]
public sealed class CitizenTests(ConsoleTwin twin)
{
    [Fact]
    public async Task Clicking_the_map_finds_the_nearest_free_bay_and_open_toilet()
    {
        var cell = twin.TakeGridCell();
        var place = cell.Boundary.Centroid;
        var bays = twin.City.MembersOf(cell.Id).ParkingBays;
        await twin.SendOccupancyAsync(bays.Take(3).Select(b => b.Id), occupied: false);
        // The toilets nearest the place report themselves in service: open by their hours at 10:00.
        var toiletsNearby = twin.City.Definition.Facilities.Where(f => f.Kind == FacilityKind.PublicToilet)
            .OrderBy(f => f.Location.DistanceMetersTo(place)).Take(3);
        await twin.SendReadingsAsync(toiletsNearby.Select(f => (f.Id, "status", (object)"inService")));
        await using var console = await twin.OpenAsync(MapTests.AtZoom(17, place.Lat, place.Lon));

        var chosen = await ClickMapCentreAsync(console);

        var parking = await NearbyAsync($"/api/parking/nearby?{Query(chosen)}&radius=1500&limit=3");
        var toilets = await NearbyAsync($"/api/facilities/nearby?{Query(chosen)}&kind=publicToilet&openNow=true&radius=3000&limit=3");
        Assert.NotEmpty(parking);
        Assert.NotEmpty(toilets);
        await Assertions.Expect(console.Page.Locator("#parking-results li").First).ToHaveAttributeAsync("data-id", parking[0]);
        await Assertions.Expect(console.Page.Locator("#toilet-results li").First).ToHaveAttributeAsync("data-id", toilets[0]);
        await console.ScreenshotAsync("citizen-nearby");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task A_citizen_files_a_report_where_they_click_and_follows_it_to_resolution()
    {
        var cell = twin.TakeGridCell();
        var place = cell.Boundary.Centroid;
        await using var console = await twin.OpenAsync(MapTests.AtZoom(17, place.Lat, place.Lon));
        await MapTests.WaitForLiveAsync(console);
        var page = console.Page;

        var chosen = await ClickMapCentreAsync(console);
        await page.SelectOptionAsync("#report-category", "road-damage");
        await page.SelectOptionAsync("#report-attribute-danger", "yes");
        await page.FillAsync("#report-description", "Deep pothole in the cycle lane");
        await page.ClickAsync("#report-submit");

        var item = page.Locator("#my-reports-list li[data-id]").First;
        await Assertions.Expect(item).ToHaveAttributeAsync("data-status", "submitted");
        string id = (await item.GetAttributeAsync("data-id"))!;
        var report = await twin.Http.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
        Assert.Equal(cell.Id, report.GetProperty("gridCellId").GetString());
        var filedAt = new GeoPoint(report.GetProperty("location").GetProperty("lat").GetDouble(), report.GetProperty("location").GetProperty("lon").GetDouble());
        Assert.True(filedAt.DistanceMetersTo(chosen) < 1, $"Filed at {filedAt}, clicked at {chosen}.");
        await Assertions.Expect(page.Locator($"path.report[data-id='{id}']")).ToHaveCountAsync(1);
        await console.ScreenshotAsync("citizen-report-filed");

        // The grid's official works the report; the citizen's list follows it live.
        await PostAsync($"/api/reports/{id}/acknowledge", new { actorId = cell.OfficialId, text = "Crew booked." });
        await PostAsync($"/api/reports/{id}/resolve", new { actorId = cell.OfficialId, resolution = "Pothole filled." });
        await Assertions.Expect(item).ToHaveAttributeAsync("data-status", "resolved", new() { Timeout = 5000 });
        await Assertions.Expect(page.Locator($"path.report[data-id='{id}']")).ToHaveCountAsync(0);
        await console.ScreenshotAsync("citizen-report-resolved");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task Use_my_location_searches_from_where_the_browser_is()
    {
        var place = twin.TakeGridCell().Boundary.Centroid;
        await using var console = await twin.OpenAsync(configure: options =>
        {
            // Playwright's stand-in position: chromium asks no location service.
            options.Geolocation = new Geolocation { Latitude = (float)place.Lat, Longitude = (float)place.Lon };
            options.Permissions = ["geolocation"];
        });
        var page = console.Page;

        await page.ClickAsync("#locate");

        await Assertions.Expect(page.Locator("#place")).ToBeVisibleAsync();
        string[] chosen = (await page.Locator("#place").GetAttributeAsync("data-lat-lon"))!.Split(',');
        var at = new GeoPoint(double.Parse(chosen[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(chosen[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(at.DistanceMetersTo(place) < 5, $"Searched from {at}, the browser is at {place}.");
        await Assertions.Expect(page.Locator(".chosen-place")).ToHaveCountAsync(1);
        console.AssertStayedLocalAndWell();
    }

    /// <summary>Clicks the middle of the map and returns the place the page chose, once its searches have answered.</summary>
    internal static async Task<GeoPoint> ClickMapCentreAsync(ConsolePage console)
    {
        var page = console.Page;
        var box = (await page.Locator("#map").BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await Assertions.Expect(page.Locator("#place")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#parking-results li[data-id], #parking-results li.none")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#toilet-results li[data-id], #toilet-results li.none")).Not.ToHaveCountAsync(0);
        string text = await page.Locator("#place").GetAttributeAsync("data-lat-lon") ?? "";
        var parts = text.Split(',');
        return new GeoPoint(double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<string[]> NearbyAsync(string path)
    {
        var answer = await twin.Http.GetFromJsonAsync<JsonElement>(path);
        return [.. answer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
    }

    private async Task PostAsync(string path, object body)
    {
        using var response = await twin.Http.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Query(GeoPoint point) =>
        FormattableString.Invariant($"lat={point.Lat:F6}&lon={point.Lon:F6}");
}
