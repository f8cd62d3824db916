using System.Net;
using System.Text.Json;

namespace SmartCity.Api.Tests.Parking;

[Collection(SharedTwin.Name)]
public sealed class ParkingEndpointTests(TwinFixture twin)
{
    private static readonly TimeSpan PastSilenceLimit = -(TwinFixture.SensorSilenceLimit + TimeSpan.FromMinutes(1));

    [Fact]
    public async Task Bay_shows_its_street_place_and_status_after_a_reading()
    {
        var bay = twin.TakeBay();
        string observedAt = twin.SecondsAgo(4);
        await twin.ApplyAsync(Occupancy(bay.Id, "free", observedAt));

        var view = await twin.GetAsync($"/api/parking/bays/{bay.Id}");

        Assert.Equal(bay.Id, view.GetProperty("id").GetString());
        Assert.Equal(twin.City.GridCellOf(bay.Id), view.GetProperty("gridCellId").GetString());
        Assert.Equal(bay.Street, view.GetProperty("street").GetString());
        Assert.Equal(bay.Location.Lat, view.GetProperty("location").GetProperty("lat").GetDouble());
        Assert.Equal(bay.Location.Lon, view.GetProperty("location").GetProperty("lon").GetDouble());
        Assert.Equal("free", view.GetProperty("status").GetString());
        Assert.Equal(twin.Now.AddSeconds(-4), view.GetProperty("statusSince").GetDateTimeOffset());
        Assert.Equal(twin.Now.AddSeconds(-4), view.GetProperty("lastHeardAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Bay_with_no_reading_is_unknown_not_free()
    {
        var view = await twin.GetAsync($"/api/parking/bays/{twin.TakeBay().Id}");

        Assert.Equal("unknown", view.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("statusSince").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("lastHeardAt").ValueKind);
    }

    [Fact]
    public async Task Bay_whose_last_reading_is_older_than_the_silence_limit_is_unknown()
    {
        var bay = twin.TakeBay();
        await twin.ApplyAsync(Occupancy(bay.Id, "free", twin.Stamp(PastSilenceLimit)));

        var view = await twin.GetAsync($"/api/parking/bays/{bay.Id}");

        Assert.Equal("unknown", view.GetProperty("status").GetString());
        Assert.Equal(twin.Now + PastSilenceLimit, view.GetProperty("lastHeardAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Unknown_bay_is_a_404_problem_naming_it()
    {
        using var response = await twin.Http.GetAsync(new Uri("/api/parking/bays/bay:XH-0001-99", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("bay:XH-0001-99", problem.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Car_park_shows_cars_inside_and_spaces_free_after_a_count()
    {
        var carPark = twin.TakeCarPark();
        await twin.ApplyAsync(TwinFixture.Reading(carPark.Id, "count", carPark.Capacity - 12, twin.SecondsAgo(2)));

        var view = await twin.GetAsync($"/api/parking/carparks/{carPark.Id}");

        Assert.Equal((carPark.Id, carPark.Name, carPark.Capacity), (view.GetProperty("id").GetString(), view.GetProperty("name").GetString(), view.GetProperty("capacity").GetInt32()));
        Assert.Equal(twin.City.GridCellOf(carPark.Id), view.GetProperty("gridCellId").GetString());
        Assert.Equal(carPark.Capacity - 12, view.GetProperty("occupied").GetInt32());
        Assert.Equal(12, view.GetProperty("spacesFree").GetInt32());
        Assert.False(view.GetProperty("unknown").GetBoolean());
        Assert.Equal(twin.Now.AddSeconds(-2), view.GetProperty("lastHeardAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Car_park_with_no_count_is_unknown_with_no_figures()
    {
        var view = await twin.GetAsync($"/api/parking/carparks/{twin.TakeCarPark().Id}");

        Assert.True(view.GetProperty("unknown").GetBoolean());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("occupied").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("spacesFree").ValueKind);
    }

    [Fact]
    public async Task Unknown_car_park_is_a_404_problem()
    {
        using var response = await twin.Http.GetAsync(new Uri("/api/parking/carparks/carpark:XH-99", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Nearby_search_at_a_bay_just_gone_free_finds_it_first_at_no_distance()
    {
        var bay = twin.TakeBay();
        await twin.ApplyAsync(Occupancy(bay.Id, "free", twin.SecondsAgo(1)));

        var answer = await NearbyUntilAsync(TwinFixture.PointQuery(bay.Location), ids => ids.Contains(bay.Id));

        var first = answer.GetProperty("results")[0];
        Assert.Equal(bay.Id, first.GetProperty("id").GetString());
        Assert.Equal("bay", first.GetProperty("kind").GetString());
        Assert.Equal(bay.Street, first.GetProperty("name").GetString());
        Assert.Equal(1, first.GetProperty("spacesFree").GetInt32());
        Assert.InRange(first.GetProperty("distanceMeters").GetDouble(), 0, 0.01);
        Assert.Equal(twin.City.GridCellOf(bay.Id), first.GetProperty("gridCellId").GetString());
    }

    [Fact]
    public async Task Nearby_search_lists_free_bays_nearest_first_and_never_occupied_or_unknown_ones()
    {
        var cell = twin.TakeGridCell();
        var bays = twin.City.MembersOf(cell.Id).ParkingBays;
        var (free, occupied, silent) = (bays.Take(5).ToArray(), bays.Skip(5).Take(5).ToArray(), bays.Skip(10).Take(5).ToArray());
        await twin.ApplyAsync([
            .. free.Select(b => Occupancy(b.Id, "free", twin.SecondsAgo(2))),
            .. occupied.Select(b => Occupancy(b.Id, "occupied", twin.SecondsAgo(2))),
            .. silent.Select(b => Occupancy(b.Id, "free", twin.Stamp(PastSilenceLimit))),
        ]);

        var answer = await NearbyUntilAsync(
            $"{TwinFixture.PointQuery(cell.Boundary.Centroid)}&radius=400&limit=100", ids => free.All(b => ids.Contains(b.Id)));

        var results = answer.GetProperty("results").EnumerateArray().ToArray();
        var ids = results.Select(r => r.GetProperty("id").GetString()).ToHashSet();
        Assert.All(free, b => Assert.Contains(b.Id, ids));
        Assert.All(occupied.Concat(silent), b => Assert.DoesNotContain(b.Id, ids));
        var distances = results.Select(r => r.GetProperty("distanceMeters").GetDouble()).ToArray();
        Assert.Equal(distances.Order(), distances);
        Assert.All(distances, d => Assert.InRange(d, 0, 400));
        foreach (var bay in results.Where(r => r.GetProperty("kind").GetString() == "bay"))
        {
            var view = await twin.GetAsync($"/api/parking/bays/{bay.GetProperty("id").GetString()}");
            Assert.Equal("free", view.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Nearby_search_returns_no_more_results_than_the_limit()
    {
        var bays = twin.City.MembersOf(twin.TakeGridCell().Id).ParkingBays.Take(4).ToArray();
        await twin.ApplyAsync([.. bays.Select(b => Occupancy(b.Id, "free", twin.SecondsAgo(2)))]);
        string query = TwinFixture.PointQuery(bays[0].Location);
        await NearbyUntilAsync($"{query}&limit=100", ids => bays.All(b => ids.Contains(b.Id)));

        var answer = await twin.GetAsync($"/api/parking/nearby?{query}&limit=2");

        var results = answer.GetProperty("results");
        Assert.Equal(2, results.GetArrayLength());
        Assert.Equal(bays[0].Id, results[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Nearby_search_asks_only_the_cells_around_the_point_not_the_whole_city()
    {
        var cell = twin.TakeGridCell();
        await twin.ApplyAsync(Occupancy(twin.City.MembersOf(cell.Id).ParkingBays[0].Id, "free", twin.SecondsAgo(1)));

        var answer = await twin.GetAsync($"/api/parking/nearby?{TwinFixture.PointQuery(cell.Boundary.Centroid)}");

        Assert.InRange(answer.GetProperty("cellsSearched").GetInt32(), 1, 39);
        Assert.Equal(500, answer.GetProperty("radiusMeters").GetDouble());
        Assert.Equal(cell.Boundary.Centroid.Lat, answer.GetProperty("point").GetProperty("lat").GetDouble());
    }

    [Fact]
    public async Task Car_park_with_free_spaces_is_found_nearby_with_its_free_count()
    {
        var carPark = twin.TakeCarPark();
        await twin.ApplyAsync(TwinFixture.Reading(carPark.Id, "count", carPark.Capacity - 30, twin.SecondsAgo(1)));

        var answer = await NearbyUntilAsync(TwinFixture.PointQuery(carPark.Location), ids => ids.Contains(carPark.Id));

        var first = answer.GetProperty("results")[0];
        Assert.Equal((carPark.Id, "carPark", 30), (first.GetProperty("id").GetString(), first.GetProperty("kind").GetString(), first.GetProperty("spacesFree").GetInt32()));
    }

    [Fact]
    public async Task Full_car_park_is_not_offered_nearby()
    {
        var carPark = twin.TakeCarPark();
        await twin.ApplyAsync(TwinFixture.Reading(carPark.Id, "count", carPark.Capacity, twin.SecondsAgo(1)));
        var view = await TwinFixture.EventuallyAsync(
            () => twin.GetAsync($"/api/grids/{twin.City.GridCellOf(carPark.Id)}"),
            cell => cell.GetProperty("summary").GetProperty("carParks").GetProperty("unknown").GetInt32() == 0);
        Assert.Equal(0, view.GetProperty("summary").GetProperty("carParks").GetProperty("unknown").GetInt32());

        var answer = await twin.GetAsync($"/api/parking/nearby?{TwinFixture.PointQuery(carPark.Location)}&limit=100");

        Assert.DoesNotContain(carPark.Id, Ids(answer));
    }

    [Fact]
    public async Task Point_far_outside_the_city_finds_nothing_nearby()
    {
        var answer = await twin.GetAsync("/api/parking/nearby?lat=0&lon=0");

        Assert.Equal(0, answer.GetProperty("results").GetArrayLength());
    }

    [Theory]
    [InlineData("radius=0", "radius")]
    [InlineData("radius=5001", "radius")]
    [InlineData("radius=far", "radius")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=2.5", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("lat=91", "lat")]
    [InlineData("lon=-181", "lon")]
    public async Task Nearby_search_with_a_bad_parameter_is_rejected_naming_it(string parameter, string field)
    {
        var defaults = new Dictionary<string, string> { ["lat"] = "30.27", ["lon"] = "120.16" };
        var (name, value) = (parameter.Split('=')[0], parameter.Split('=')[1]);
        defaults[name] = value;

        using var response = await twin.Http.GetAsync(
            new Uri("/api/parking/nearby?" + string.Join("&", defaults.Select(p => $"{p.Key}={p.Value}")), UriKind.Relative));

        await ProblemAssert.NamesFieldsAsync(response, field);
    }

    [Fact]
    public async Task Nearby_search_without_a_point_names_lat_and_lon()
    {
        using var response = await twin.Http.GetAsync(new Uri("/api/parking/nearby", UriKind.Relative));

        await ProblemAssert.NamesFieldsAsync(response, "lat", "lon");
    }

    private static object Occupancy(string bayId, string value, string observedAt) =>
        TwinFixture.Reading(bayId, "occupancy", value, observedAt);

    /// <summary>A cell hears of its bays by a one-way message, so a search may trail a reading by a moment.</summary>
    private Task<JsonElement> NearbyUntilAsync(string query, Func<HashSet<string?>, bool> done) =>
        TwinFixture.EventuallyAsync(() => twin.GetAsync($"/api/parking/nearby?{query}"), answer => done(Ids(answer)));

    private static HashSet<string?> Ids(JsonElement answer) =>
        [.. answer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString())];
}
