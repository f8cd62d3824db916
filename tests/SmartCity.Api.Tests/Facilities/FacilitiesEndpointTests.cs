using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartCity.Grains.Facilities;

namespace SmartCity.Api.Tests.Facilities;

[Collection(SharedTwin.Name)]
public sealed class FacilitiesEndpointTests(TwinFixture twin)
{
    [Fact]
    public async Task Toilet_shows_its_hours_status_and_sensor_figures_after_readings()
    {
        var toilet = twin.TakeFacility(FacilityKind.PublicToilet);
        await twin.ApplyAsync(
            TwinFixture.Reading(toilet.Id, "status", "inService", twin.SecondsAgo(3)),
            TwinFixture.Reading(toilet.Id, "occupancy", 2, twin.SecondsAgo(3)),
            TwinFixture.Reading(toilet.Id, "queueLength", 1, twin.SecondsAgo(2)));

        var view = await twin.GetAsync($"/api/facilities/{toilet.Id}");

        Assert.Equal((toilet.Id, toilet.Name, "publicToilet"), (view.GetProperty("id").GetString(), view.GetProperty("name").GetString(), view.GetProperty("kind").GetString()));
        Assert.Equal(twin.City.GridCellOf(toilet.Id), view.GetProperty("gridCellId").GetString());
        Assert.Equal((toilet.Location.Lat, toilet.Location.Lon), (view.GetProperty("location").GetProperty("lat").GetDouble(), view.GetProperty("location").GetProperty("lon").GetDouble()));
        Assert.Equal((toilet.Capacity, toilet.OpeningHours.Text), (view.GetProperty("capacity").GetInt32(), view.GetProperty("openingHours").GetString()));
        Assert.True(view.GetProperty("openByHours").GetBoolean());
        Assert.True(view.GetProperty("hasSensor").GetBoolean());
        Assert.Equal("open", view.GetProperty("status").GetString());
        Assert.Equal((2, 1), (view.GetProperty("occupancy").GetInt32(), view.GetProperty("queueLength").GetInt32()));
        Assert.Equal(twin.Now.AddSeconds(-2), view.GetProperty("lastHeardAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Toilet_whose_sensor_never_spoke_is_unknown()
    {
        var view = await twin.GetAsync($"/api/facilities/{twin.TakeFacility(FacilityKind.PublicToilet).Id}");

        Assert.Equal("unknown", view.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("occupancy").ValueKind);
    }

    [Fact]
    public async Task Toilet_whose_sensor_fell_silent_is_unknown_and_hides_its_last_figures()
    {
        var toilet = twin.TakeFacility(FacilityKind.PublicToilet);
        string silentSince = twin.Stamp(-(TwinFixture.SensorSilenceLimit + TimeSpan.FromMinutes(1)));
        await twin.ApplyAsync(
            TwinFixture.Reading(toilet.Id, "status", "inService", silentSince),
            TwinFixture.Reading(toilet.Id, "occupancy", 3, silentSince));

        var view = await twin.GetAsync($"/api/facilities/{toilet.Id}");

        Assert.Equal("unknown", view.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("occupancy").ValueKind);
    }

    [Fact]
    public async Task Toilet_reported_out_of_order_is_out_of_order()
    {
        var toilet = twin.TakeFacility(FacilityKind.PublicToilet);
        await twin.ApplyAsync(TwinFixture.Reading(toilet.Id, "status", "outOfOrder", twin.SecondsAgo(1)));

        var view = await twin.GetAsync($"/api/facilities/{toilet.Id}");

        Assert.Equal("outOfOrder", view.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Clinic_without_a_sensor_is_open_during_its_hours()
    {
        var clinic = twin.TakeFacility(FacilityKind.Clinic);

        var view = await twin.GetAsync($"/api/facilities/{clinic.Id}");

        Assert.False(view.GetProperty("hasSensor").GetBoolean());
        Assert.Equal("open", view.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("lastHeardAt").ValueKind);
    }

    [Fact]
    public async Task Unknown_facility_is_a_404_problem()
    {
        using var response = await twin.Http.GetAsync(new Uri("/api/facilities/facility:XH-toilet-999", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Toilet_open_now_is_found_nearby_and_one_out_of_order_is_not()
    {
        var open = twin.TakeFacility(FacilityKind.PublicToilet);
        var broken = twin.Take(
            twin.City.Definition.Facilities.Where(f => f.Kind == FacilityKind.PublicToilet).OrderBy(f => f.Location.DistanceMetersTo(open.Location)),
            f => f.Id);
        await twin.ApplyAsync(
            TwinFixture.Reading(open.Id, "status", "inService", twin.SecondsAgo(1)),
            TwinFixture.Reading(broken.Id, "status", "outOfOrder", twin.SecondsAgo(1)));
        double radius = Math.Min(5000, Math.Ceiling(open.Location.DistanceMetersTo(broken.Location)) + 50);
        string query = string.Create(CultureInfo.InvariantCulture, $"{TwinFixture.PointQuery(open.Location)}&kind=publicToilet&radius={radius}&limit=100");
        var all = await TwinFixture.EventuallyAsync(
            () => twin.GetAsync($"/api/facilities/nearby?{query}"),
            answer => StatusOf(answer, open.Id) == "open" && StatusOf(answer, broken.Id) == "outOfOrder");
        Assert.Equal(("open", "outOfOrder"), (StatusOf(all, open.Id), StatusOf(all, broken.Id)));

        var openNow = await twin.GetAsync($"/api/facilities/nearby?{query}&openNow=true");

        var results = openNow.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(open.Id, results[0].GetProperty("id").GetString());
        Assert.InRange(results[0].GetProperty("distanceMeters").GetDouble(), 0, 0.01);
        Assert.DoesNotContain(results, r => r.GetProperty("id").GetString() == broken.Id);
        Assert.All(results, r => Assert.Equal(("publicToilet", "open"), (r.GetProperty("kind").GetString(), r.GetProperty("status").GetString())));
    }

    [Fact]
    public async Task Out_of_order_report_arriving_after_a_newer_occupancy_count_keeps_the_toilet_out_of_open_now_results()
    {
        var toilet = twin.TakeFacility(FacilityKind.PublicToilet);
        string query = $"{TwinFixture.PointQuery(toilet.Location)}&kind=publicToilet&limit=100";
        await twin.ApplyAsync(TwinFixture.Reading(toilet.Id, "occupancy", 2, twin.SecondsAgo(1)));
        await TwinFixture.EventuallyAsync(() => twin.GetAsync($"/api/facilities/nearby?{query}"), answer => StatusOf(answer, toilet.Id) == "open");

        // The status reading is older than the count but is the newest status: the toilet is out of order.
        await twin.ApplyAsync(TwinFixture.Reading(toilet.Id, "status", "outOfOrder", twin.SecondsAgo(10)));

        Assert.Equal("outOfOrder", (await twin.GetAsync($"/api/facilities/{toilet.Id}")).GetProperty("status").GetString());
        var nearby = await TwinFixture.EventuallyAsync(
            () => twin.GetAsync($"/api/facilities/nearby?{query}"), answer => StatusOf(answer, toilet.Id) == "outOfOrder", TimeSpan.FromSeconds(10));
        Assert.Equal("outOfOrder", StatusOf(nearby, toilet.Id));
        var openNow = await twin.GetAsync($"/api/facilities/nearby?{query}&openNow=true");
        Assert.Null(StatusOf(openNow, toilet.Id));
    }

    [Fact]
    public async Task Nearby_search_by_kind_lists_only_that_kind_nearest_first()
    {
        var school = twin.City.Definition.Facilities.First(f => f.Kind == FacilityKind.School);

        var answer = await twin.GetAsync($"/api/facilities/nearby?{TwinFixture.PointQuery(school.Location)}&kind=School&radius=2000&limit=20");

        var results = answer.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(school.Id, results[0].GetProperty("id").GetString());
        Assert.All(results, r => Assert.Equal("school", r.GetProperty("kind").GetString()));
        var distances = results.Select(r => r.GetProperty("distanceMeters").GetDouble()).ToArray();
        Assert.Equal(distances.Order(), distances);
        Assert.InRange(answer.GetProperty("cellsSearched").GetInt32(), 1, 399);
    }

    [Theory]
    [InlineData("kind=spaceport", "kind")]
    [InlineData("kind=0", "kind")]
    [InlineData("openNow=maybe", "openNow")]
    [InlineData("radius=-5", "radius")]
    [InlineData("limit=1000", "limit")]
    public async Task Nearby_search_with_a_bad_parameter_is_rejected_naming_it(string parameter, string field)
    {
        using var response = await twin.Http.GetAsync(new Uri($"/api/facilities/nearby?lat=30.27&lon=120.16&{parameter}", UriKind.Relative));

        await ProblemAssert.NamesFieldsAsync(response, field);
    }

    [Fact]
    public async Task Kind_that_lists_two_kinds_is_rejected_rather_than_read_as_a_third()
    {
        // serviceHall (1) and clinic (2) must not be combined into school (3).
        using var response = await twin.Http.GetAsync(new Uri("/api/facilities/nearby?lat=30.27&lon=120.16&kind=serviceHall,clinic", UriKind.Relative));

        await ProblemAssert.NamesFieldsAsync(response, "kind");
    }

    [Fact]
    public async Task Nearby_search_without_a_point_names_lat_and_lon()
    {
        using var response = await twin.Http.GetAsync(new Uri("/api/facilities/nearby?kind=publicToilet&openNow=true", UriKind.Relative));

        await ProblemAssert.NamesFieldsAsync(response, "lat", "lon");
    }

    [Fact]
    public async Task Facility_readings_outside_what_the_facility_takes_are_rejected_naming_the_field()
    {
        var hall = twin.TakeFacility(FacilityKind.ServiceHall);

        using var response = await twin.Http.PostAsJsonAsync("/api/readings", new[]
        {
            TwinFixture.Reading(hall.Id, "status", "onFire", twin.SecondsAgo(1)),
            TwinFixture.Reading(hall.Id, "occupancy", hall.Capacity + 1, twin.SecondsAgo(1)),
            TwinFixture.Reading(hall.Id, "queueLength", -3, twin.SecondsAgo(1)),
            TwinFixture.Reading(hall.Id, "count", 4, twin.SecondsAgo(1)),
        });

        await ProblemAssert.NamesFieldsAsync(response, "readings[0].value", "readings[1].value", "readings[2].value", "readings[3].type");
        var view = await twin.GetAsync($"/api/facilities/{hall.Id}");
        Assert.Equal(JsonValueKind.Null, view.GetProperty("lastHeardAt").ValueKind);
    }

    private static string? StatusOf(JsonElement answer, string id) =>
        answer.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("id").GetString() == id)
            .Select(r => r.GetProperty("status").GetString())
            .FirstOrDefault();
}
