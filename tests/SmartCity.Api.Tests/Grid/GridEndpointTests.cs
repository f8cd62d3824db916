using System.Net;
using System.Text.Json;

namespace SmartCity.Api.Tests.Grid;

[Collection(SharedTwin.Name)]
public sealed class GridEndpointTests(TwinFixture twin)
{
    [Fact]
    public async Task Grid_cell_shows_its_district_official_boundary_neighbours_and_people()
    {
        var cell = twin.TakeGridCell();

        var view = await twin.GetAsync($"/api/grids/{cell.Id}");

        Assert.Equal((cell.Id, cell.Name, cell.DistrictId), (view.GetProperty("id").GetString(), view.GetProperty("name").GetString(), view.GetProperty("districtId").GetString()));
        Assert.Equal((cell.Community, cell.OfficialId), (view.GetProperty("community").GetString(), view.GetProperty("officialId").GetString()));
        Assert.Equal(
            cell.Boundary.Ring.Select(p => (p.Lat, p.Lon)),
            view.GetProperty("boundary").EnumerateArray().Select(p => (p.GetProperty("lat").GetDouble(), p.GetProperty("lon").GetDouble())));
        Assert.Equal(twin.City.NeighboursOf(cell.Id), view.GetProperty("neighbourIds").EnumerateArray().Select(n => n.GetString()));
        var summary = view.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("gridCells").GetInt32());
        Assert.Equal((cell.Households, cell.Residents, cell.Migrants), (summary.GetProperty("households").GetInt32(), summary.GetProperty("residents").GetInt32(), summary.GetProperty("migrants").GetInt32()));
        Assert.Equal(twin.City.MembersOf(cell.Id).ParkingBays.Count, summary.GetProperty("bays").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Unknown_grid_cell_is_a_404_problem()
    {
        using var response = await twin.Http.GetAsync(new Uri("/api/grids/grid:XH-9999", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("grid:XH-9999", problem.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Cell_counts_its_bays_free_occupied_and_unknown_as_readings_arrive()
    {
        var cell = twin.TakeGridCell();
        var bays = twin.City.MembersOf(cell.Id).ParkingBays;
        await twin.ApplyAsync([
            .. bays.Take(3).Select(b => Occupancy(b.Id, "free", twin.SecondsAgo(2))),
            .. bays.Skip(3).Take(2).Select(b => Occupancy(b.Id, "occupied", twin.SecondsAgo(2))),
        ]);

        var counts = await BayCountsUntilAsync(cell.Id, c => c.Free == 3 && c.Occupied == 2);

        Assert.Equal(new BayCounts(bays.Count, 3, 2, bays.Count - 5), counts);
    }

    [Fact]
    public async Task Bays_with_no_reading_or_a_silent_sensor_count_as_unknown_in_their_cell_never_free()
    {
        var cell = twin.TakeGridCell();
        var bays = twin.City.MembersOf(cell.Id).ParkingBays;
        Assert.Equal(new BayCounts(bays.Count, 0, 0, bays.Count), await BayCountsAsync(cell.Id));
        var silentFor = TwinFixture.SensorSilenceLimit + TimeSpan.FromMinutes(1);

        await twin.ApplyAsync(
            Occupancy(bays[0].Id, "free", twin.Stamp(-silentFor)),
            Occupancy(bays[1].Id, "free", twin.SecondsAgo(1)));

        // The fresh bay shows the cell has heard both; the silent one still counts as unknown.
        var counts = await BayCountsUntilAsync(cell.Id, c => c.Free == 1);
        Assert.Equal(new BayCounts(bays.Count, 1, 0, bays.Count - 1), counts);
    }

    [Fact]
    public async Task Point_inside_a_cell_finds_that_cell()
    {
        foreach (var cell in new[] { twin.City.Definition.GridCells[0], twin.City.Definition.GridCells[217], twin.City.Definition.GridCells[^1] })
        {
            var view = await twin.GetAsync($"/api/grids/at?{TwinFixture.PointQuery(cell.Boundary.Centroid)}");

            Assert.Equal(cell.Id, view.GetProperty("id").GetString());
            Assert.True(view.TryGetProperty("summary", out _));
        }
    }

    [Fact]
    public async Task Point_outside_the_city_is_a_404_problem()
    {
        using var response = await twin.Http.GetAsync(new Uri("/api/grids/at?lat=31.23&lon=121.47", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("", new[] { "lat", "lon" })]
    [InlineData("lat=30.27", new[] { "lon" })]
    [InlineData("lon=120.16", new[] { "lat" })]
    [InlineData("lat=&lon=120.16", new[] { "lat" })]
    [InlineData("lat=north&lon=120.16", new[] { "lat" })]
    [InlineData("lat=91&lon=120.16", new[] { "lat" })]
    [InlineData("lat=NaN&lon=120.16", new[] { "lat" })]
    [InlineData("lat=30.27&lon=181", new[] { "lon" })]
    [InlineData("lat=30.27&lon=Infinity", new[] { "lon" })]
    [InlineData("lat=30,27&lon=120,16", new[] { "lat", "lon" })]
    public async Task Missing_or_invalid_lat_or_lon_is_rejected_naming_it(string query, string[] fields)
    {
        using var response = await twin.Http.GetAsync(new Uri($"/api/grids/at?{query}", UriKind.Relative));

        await ProblemAssert.NamesFieldsAsync(response, fields);
    }

    private static object Occupancy(string bayId, string value, string observedAt) =>
        TwinFixture.Reading(bayId, "occupancy", value, observedAt);

    private async Task<BayCounts> BayCountsAsync(string cellId)
    {
        var bays = (await twin.GetAsync($"/api/grids/{cellId}")).GetProperty("summary").GetProperty("bays");
        return new BayCounts(
            bays.GetProperty("total").GetInt32(), bays.GetProperty("free").GetInt32(),
            bays.GetProperty("occupied").GetInt32(), bays.GetProperty("unknown").GetInt32());
    }

    /// <summary>Bays tell their cell by a one-way message, so the cell's counts trail a reading by a moment.</summary>
    private Task<BayCounts> BayCountsUntilAsync(string cellId, Func<BayCounts, bool> done) =>
        TwinFixture.EventuallyAsync(() => BayCountsAsync(cellId), done);

    private sealed record BayCounts(int Total, int Free, int Occupied, int Unknown);
}
