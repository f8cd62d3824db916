using SmartCity.Grains.Facilities;

namespace SmartCity.Api.Tests;

/// <summary>What time alone changes: silent sensors and opening hours. These move the city clock of their own twin.</summary>
[Collection(MovingClockTwin.Name)]
public sealed class MovingClockTests(TwinFixture twin)
{
    [Fact]
    public async Task Free_bay_turns_unknown_and_drops_out_of_nearby_results_once_its_sensor_falls_silent()
    {
        var cell = twin.TakeGridCell();
        var bay = twin.City.MembersOf(cell.Id).ParkingBays[0];
        string nearby = $"/api/parking/nearby?{TwinFixture.PointQuery(bay.Location)}&limit=100";
        await twin.ApplyAsync(TwinFixture.Reading(bay.Id, "occupancy", "free", twin.SecondsAgo(1)));
        var before = await TwinFixture.EventuallyAsync(() => twin.GetAsync(nearby), answer => Ids(answer).Contains(bay.Id));
        Assert.Contains(bay.Id, Ids(before));

        twin.Time.Advance(TwinFixture.SensorSilenceLimit + TimeSpan.FromMinutes(1));

        Assert.Equal("unknown", (await twin.GetAsync($"/api/parking/bays/{bay.Id}")).GetProperty("status").GetString());
        var bays = (await twin.GetAsync($"/api/grids/{cell.Id}")).GetProperty("summary").GetProperty("bays");
        Assert.Equal((0, 50), (bays.GetProperty("free").GetInt32(), bays.GetProperty("unknown").GetInt32()));
        Assert.DoesNotContain(bay.Id, Ids(await twin.GetAsync(nearby)));
    }

    [Fact]
    public async Task Toilet_in_service_is_closed_after_its_hours_and_left_out_of_open_now_results()
    {
        var toilet = twin.TakeFacility(FacilityKind.PublicToilet, f => f.OpeningHours.Text == "Mo-Su 06:00-22:00");
        string openNow = $"/api/facilities/nearby?{TwinFixture.PointQuery(toilet.Location)}&kind=publicToilet&openNow=true&limit=100";
        await twin.ApplyAsync(TwinFixture.Reading(toilet.Id, "status", "inService", twin.SecondsAgo(1)));
        var byDay = await TwinFixture.EventuallyAsync(() => twin.GetAsync(openNow), answer => Ids(answer).Contains(toilet.Id));
        Assert.Contains(toilet.Id, Ids(byDay));

        MoveClockToLocal(new TimeOnly(22, 30));
        // A fresh word from the sensor: the toilet is closed by its hours, not for want of news.
        await twin.ApplyAsync(TwinFixture.Reading(toilet.Id, "status", "inService", twin.SecondsAgo(1)));

        var view = await twin.GetAsync($"/api/facilities/{toilet.Id}");
        Assert.False(view.GetProperty("openByHours").GetBoolean());
        Assert.Equal("closed", view.GetProperty("status").GetString());
        Assert.DoesNotContain(toilet.Id, Ids(await twin.GetAsync(openNow)));
    }

    /// <summary>Moves the city clock forward to the next time the city's wall clock shows this time of day.</summary>
    private void MoveClockToLocal(TimeOnly timeOfDay)
    {
        var local = twin.City.LocalTime(twin.Now);
        var target = local.Date + timeOfDay.ToTimeSpan();
        if (target <= local) target = target.AddDays(1);
        var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(target, DateTimeKind.Unspecified), twin.City.TimeZone);
        twin.Time.SetUtcNow(new DateTimeOffset(utc));
    }

    private static HashSet<string?> Ids(System.Text.Json.JsonElement answer) =>
        [.. answer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString())];
}
