using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmartCity.WebConsole.Tests;

/// <summary>The console's own reads and files, over plain HTTP.</summary>
[Collection(SharedConsoleTwin.Name)]
public sealed class ConsoleApiTests(ConsoleTwin twin)
{
    [Fact]
    public async Task The_city_layer_has_every_grid_cell_with_its_boundary()
    {
        var layer = await twin.Http.GetFromJsonAsync<JsonElement>("/api/console/city");

        var cells = layer.GetProperty("gridCells").EnumerateArray().ToList();
        Assert.Equal(twin.City.Definition.GridCells.Count, cells.Count);
        var first = twin.City.Definition.GridCells[0];
        var shape = cells.Single(c => c.GetProperty("id").GetString() == first.Id);
        Assert.Equal(first.Boundary.Ring.Count, shape.GetProperty("boundary").GetArrayLength());
        Assert.Equal(first.Boundary.Ring[0].Lat, shape.GetProperty("boundary")[0][0].GetDouble(), 6);
        Assert.Equal(twin.City.Definition.Facilities.Count, layer.GetProperty("facilities").GetArrayLength());
    }

    [Fact]
    public async Task Bays_in_a_box_come_with_their_status_now()
    {
        var cell = twin.TakeGridCell();
        var bay = twin.City.MembersOf(cell.Id).ParkingBays[0];
        await twin.SendOccupancyAsync([bay.Id], occupied: true);
        var box = cell.Boundary.Bounds;

        var bays = await twin.Http.GetFromJsonAsync<JsonElement>(FormattableString.Invariant(
            $"/api/console/bays?south={box.MinLat}&west={box.MinLon}&north={box.MaxLat}&east={box.MaxLon}"));

        var marker = bays.EnumerateArray().Single(b => b.GetProperty("id").GetString() == bay.Id);
        Assert.Equal("occupied", marker.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_box_without_its_edges_is_refused_naming_each()
    {
        using var response = await twin.Http.GetAsync("/api/console/bays?south=30.2&west=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("west", out _));
        Assert.True(errors.TryGetProperty("north", out _));
        Assert.True(errors.TryGetProperty("east", out _));
        Assert.False(errors.TryGetProperty("south", out _));
    }

    [Fact]
    public async Task A_box_over_the_whole_city_is_refused_rather_than_reading_every_bay()
    {
        using var response = await twin.Http.GetAsync("/api/console/bays?south=-90&west=-180&north=90&east=180");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 3000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaflet_is_served_by_the_twin_and_revalidated_by_its_entity_tag()
    {
        using var first = await twin.Http.GetAsync("/console/vendor/leaflet/leaflet.js");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/javascript", first.Content.Headers.ContentType?.MediaType);
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/vendor/leaflet/leaflet.js");
        again.Headers.IfNoneMatch.Add(etag);
        using var second = await twin.Http.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await twin.Http.GetAsync("/console/no-such-file.js")).StatusCode);
    }
}
