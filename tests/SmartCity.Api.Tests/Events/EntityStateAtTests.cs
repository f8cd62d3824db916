using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartCity.Api.Tests.Reports;
using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;

namespace SmartCity.Api.Tests.Events;

/// <summary>Tests that ask for states at past times move the city clock forward: a twin of their own.</summary>
[CollectionDefinition(Name)]
public sealed class PastStateTwin : ICollectionFixture<TwinFixture>
{
    public const string Name = "Twin for states at past times";
}

/// <summary>GET /api/entities/{id}/at: what the live views showed at a past time, rebuilt from the event log.</summary>
[Collection(PastStateTwin.Name)]
public sealed class EntityStateAtTests(TwinFixture twin)
{
    private static readonly string[] BayFields = ["status", "lastHeardAt"];
    private static readonly string[] CarParkFields = ["occupied", "spacesFree", "unknown", "lastHeardAt"];
    private static readonly string[] FacilityFields = ["status", "openByHours", "occupancy", "queueLength", "lastHeardAt"];

    private sealed record Moment(DateTimeOffset Time, JsonElement Bay, JsonElement CarPark, JsonElement Hall, JsonElement Clinic);

    [Fact]
    public async Task State_at_each_past_moment_is_what_the_live_views_showed_then_and_a_late_reading_changes_only_its_own_time()
    {
        var bay = twin.TakeBay();
        var carPark = twin.TakeCarPark();
        var hall = twin.TakeFacility(FacilityKind.ServiceHall);
        var clinic = twin.TakeFacility(FacilityKind.Clinic); // no sensor: open by its hours
        var before = twin.Now - TimeSpan.FromMinutes(1);
        var moments = new List<Moment>();
        for (int batch = 0; batch < 5; batch++)
        {
            twin.Time.Advance(TimeSpan.FromMinutes(2));
            await twin.ApplyAsync(
                TwinFixture.Reading(carPark.Id, "count", 10 * batch + 3, twin.SecondsAgo(30)),
                TwinFixture.Reading(hall.Id, "status", batch == 2 ? "outOfOrder" : "inService", twin.SecondsAgo(30)),
                TwinFixture.Reading(hall.Id, "occupancy", 4 * batch, twin.SecondsAgo(20)),
                TwinFixture.Reading(hall.Id, "queueLength", batch, twin.SecondsAgo(20)),
                TwinFixture.Reading(bay.Id, "occupancy", batch is 1 or 3 or 4, twin.SecondsAgo(10)));
            moments.Add(new Moment(
                twin.Now - TimeSpan.FromSeconds(10),
                await twin.GetAsync($"/api/parking/bays/{bay.Id}"), await twin.GetAsync($"/api/parking/carparks/{carPark.Id}"),
                await twin.GetAsync($"/api/facilities/{hall.Id}"), await twin.GetAsync($"/api/facilities/{clinic.Id}")));
        }

        // A bay reading from between the second and third batch arrives only now, saying the opposite of both.
        var lateTime = moments[1].Time + TimeSpan.FromSeconds(20);
        using var late = await twin.Http.PostAsJsonAsync("/api/readings", new[] { TwinFixture.Reading(bay.Id, "occupancy", "free", TwinFixture.Iso(lateTime)) });
        Assert.Equal("outdated", (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("status").GetString());

        foreach (var moment in moments)
        {
            foreach (var time in new[] { moment.Time, moment.Time + TimeSpan.FromSeconds(5) })
            {
                AssertSame(moment.Bay, await AtAsync(bay.Id, time), BayFields);
                AssertSame(moment.CarPark, await AtAsync(carPark.Id, time), CarParkFields);
                AssertSame(moment.Hall, await AtAsync(hall.Id, time), FacilityFields);
                AssertSame(moment.Clinic, await AtAsync(clinic.Id, time), FacilityFields);
            }
        }
        Assert.Equal("occupied", moments[1].Bay.GetProperty("status").GetString());
        var atLate = await AtAsync(bay.Id, lateTime);
        Assert.Equal(("free", lateTime), (atLate.GetProperty("status").GetString(), atLate.GetProperty("lastHeardAt").GetDateTimeOffset()));
        Assert.Equal("occupied", (await twin.GetAsync($"/api/parking/bays/{bay.Id}")).GetProperty("status").GetString());

        var never = await AtAsync(bay.Id, before);
        Assert.Equal(("parkingBay", bay.Id), (never.GetProperty("kind").GetString(), never.GetProperty("entityId").GetString()));
        Assert.Equal((true, "unknown", JsonValueKind.Null, 0L), (never.GetProperty("unknown").GetBoolean(), never.GetProperty("status").GetString(),
            never.GetProperty("lastHeardAt").ValueKind, never.GetProperty("basedOn").GetProperty("eventsFolded").GetInt64()));
        Assert.Empty(never.GetProperty("readings").EnumerateObject());
        var lastHall = await AtAsync(hall.Id, moments[^1].Time);
        Assert.Equal((4, 16, 15L), (lastHall.GetProperty("readings").GetProperty("queueLength").GetProperty("value").GetInt32(),
            lastHall.GetProperty("occupancy").GetInt32(), lastHall.GetProperty("basedOn").GetProperty("eventsFolded").GetInt64()));
        Assert.False((await AtAsync(clinic.Id, moments[0].Time)).GetProperty("unknown").GetBoolean());
    }

    [Fact]
    public async Task Sensor_silent_for_longer_than_the_limit_at_a_time_was_unknown_then()
    {
        var bay = twin.TakeBay();
        var carPark = twin.TakeCarPark();
        var official = twin.TakeOfficial(OfficialRole.CommunityHead);
        await twin.ApplyAsync(
            TwinFixture.Reading(bay.Id, "occupancy", true, twin.SecondsAgo(5)),
            TwinFixture.Reading(carPark.Id, "count", 12, twin.SecondsAgo(5)),
            TwinFixture.Reading(official.Id, "status", "onDuty", twin.SecondsAgo(5)));
        var heard = twin.Now - TimeSpan.FromSeconds(5);

        twin.Time.Advance(TwinFixture.SensorSilenceLimit + TimeSpan.FromMinutes(1));

        AssertSame(await twin.GetAsync($"/api/parking/carparks/{carPark.Id}"), await AtAsync(carPark.Id, twin.Now), CarParkFields);
        AssertSame(await twin.GetAsync($"/api/parking/bays/{bay.Id}"), await AtAsync(bay.Id, twin.Now), BayFields);
        var atLimit = await AtAsync(bay.Id, heard + TwinFixture.SensorSilenceLimit);
        var pastLimit = await AtAsync(bay.Id, heard + TwinFixture.SensorSilenceLimit + TimeSpan.FromSeconds(1));
        Assert.Equal((false, "occupied"), (atLimit.GetProperty("unknown").GetBoolean(), atLimit.GetProperty("status").GetString()));
        Assert.Equal((true, "unknown"), (pastLimit.GetProperty("unknown").GetBoolean(), pastLimit.GetProperty("status").GetString()));
        Assert.Equal(heard, pastLimit.GetProperty("lastHeardAt").GetDateTimeOffset());
        // An official's duty shows however old, in the live view as here; the state says it is old news.
        var officialNow = await AtAsync(official.Id, twin.Now);
        Assert.Equal((await twin.GetAsync($"/api/officials/{official.Id}")).GetProperty("duty").GetString(), officialNow.GetProperty("duty").GetString());
        Assert.Equal(("onDuty", true), (officialNow.GetProperty("duty").GetString(), officialNow.GetProperty("unknown").GetBoolean()));
        Assert.False((await AtAsync(official.Id, heard)).GetProperty("unknown").GetBoolean());
    }

    [Fact]
    public async Task Report_at_a_time_between_its_steps_stands_as_it_stood_then()
    {
        var cell = twin.TakeReportCell();
        string colleague = twin.TakeReportCell().OfficialId;
        var filed = twin.Now;
        string id = await twin.FileIdAsync(cell);
        twin.Time.Advance(TimeSpan.FromMinutes(5));
        var acknowledged = twin.Now;
        await twin.AcknowledgeAsync(id, cell.OfficialId);
        twin.Time.Advance(TimeSpan.FromMinutes(5));
        var passedOn = twin.Now;
        await twin.ActAsync(id, "pass-on", new { actorId = cell.OfficialId, to = colleague, reason = "Her round." });
        twin.Time.Advance(TimeSpan.FromMinutes(5));
        var resolved = twin.Now;
        await twin.ResolveAsync(id, colleague);

        var states = new List<(string?, string?, int)>();
        foreach (var time in new[] { filed, acknowledged - TimeSpan.FromSeconds(1), acknowledged, passedOn, resolved - TimeSpan.FromSeconds(1), resolved, resolved.AddDays(1) })
        {
            var at = await AtAsync($"report:{id}", time);
            states.Add((at.GetProperty("status").GetString(), at.GetProperty("assigneeId").GetString(), at.GetProperty("steps").GetArrayLength()));
        }
        var end = await AtAsync($"report:{id}", resolved);

        string official = cell.OfficialId;
        Assert.Equal(
            [
                ("submitted", official, 1), ("submitted", official, 1), ("acknowledged", official, 2), ("acknowledged", colleague, 3),
                ("acknowledged", colleague, 3), ("resolved", colleague, 4), ("resolved", colleague, 4),
            ],
            states);
        Assert.Equal((acknowledged, resolved, "garbage", cell.Id, cell.DistrictId),
            (end.GetProperty("acknowledgedAt").GetDateTimeOffset(), end.GetProperty("resolvedAt").GetDateTimeOffset(),
                end.GetProperty("category").GetString(), end.GetProperty("gridCellId").GetString(), end.GetProperty("districtId").GetString()));
        Assert.Equal("report", end.GetProperty("kind").GetString());
        Assert.Empty(end.GetProperty("escalations").EnumerateArray());
        using var beforeFiling = await twin.Http.GetAsync(AtPath($"report:{id}", filed - TimeSpan.FromSeconds(1)));
        var problem = await ProblemAssert.IsProblemAsync(beforeFiling, HttpStatusCode.NotFound);
        Assert.Equal(filed, problem.GetProperty("filedAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("/api/entities/bay:nowhere/at?time=2026-11-25T10:00:00Z", HttpStatusCode.NotFound, null)]
    [InlineData("/api/entities/report:not-an-id/at?time=2026-11-25T10:00:00Z", HttpStatusCode.NotFound, null)]
    [InlineData("/api/entities/report:261125-AAAAAA/at?time=2026-11-25T10:00:00Z", HttpStatusCode.NotFound, null)]
    [InlineData("/api/entities/district:XH/at?time=2026-11-25T10:00:00Z", HttpStatusCode.NotFound, null)]
    [InlineData("/api/entities/bay:XH-0001-01/at", HttpStatusCode.BadRequest, "time")]
    [InlineData("/api/entities/bay:XH-0001-01/at?time=yesterday", HttpStatusCode.BadRequest, "time")]
    [InlineData("/api/entities/bay:XH-0001-01/at?time=2026-11-25T10:00:00", HttpStatusCode.BadRequest, "time")]
    public async Task Bad_state_request_is_refused_naming_the_fault(string path, HttpStatusCode status, string? field)
    {
        using var response = await twin.Http.GetAsync(path);

        if (field is null) await ProblemAssert.IsProblemAsync(response, status);
        else await ProblemAssert.NamesFieldsAsync(response, field);
    }

    private static string AtPath(string entityId, DateTimeOffset time) =>
        $"/api/entities/{entityId}/at?time={Uri.EscapeDataString(TwinFixture.Iso(time))}";

    private async Task<JsonElement> AtAsync(string entityId, DateTimeOffset time)
    {
        using var response = await twin.Http.GetAsync(AtPath(entityId, time));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The live view and the state at a time agree on these fields (times compared as instants).</summary>
    private static void AssertSame(JsonElement live, JsonElement at, string[] fields)
    {
        foreach (var field in fields)
        {
            var expected = live.GetProperty(field);
            var actual = at.GetProperty(field);
            bool same = expected.ValueKind == JsonValueKind.String && field.EndsWith("At", StringComparison.Ordinal)
                ? expected.GetDateTimeOffset() == actual.GetDateTimeOffset()
                : expected.GetRawText() == actual.GetRawText();
            Assert.True(same, $"{field}: live {expected.GetRawText()}, at {at.GetProperty("time")} {actual.GetRawText()}");
        }
    }
}
