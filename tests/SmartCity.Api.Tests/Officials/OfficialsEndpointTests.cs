using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartCity.Grains.City;

namespace SmartCity.Api.Tests.Officials;

[Collection(SharedTwin.Name)]
public sealed class OfficialsEndpointTests(TwinFixture twin)
{
    [Fact]
    public async Task Grid_official_shows_role_supervisor_and_grid_cells_and_no_duty_before_any_report()
    {
        var official = twin.TakeOfficial(OfficialRole.GridOfficial);

        var view = await twin.GetAsync($"/api/officials/{official.Id}");

        Assert.Equal((official.Id, official.Name, "gridOfficial"), (view.GetProperty("id").GetString(), view.GetProperty("name").GetString(), view.GetProperty("role").GetString()));
        Assert.Equal(official.SupervisorId, view.GetProperty("supervisorId").GetString());
        var cells = twin.City.GridsByOfficial[official.Id];
        Assert.NotEmpty(cells);
        Assert.Equal(cells, view.GetProperty("gridCellIds").EnumerateArray().Select(c => c.GetString()));
        Assert.All(cells, c => Assert.Equal(official.Id, twin.City.GridCell(c)!.OfficialId));
        Assert.Equal(0, view.GetProperty("subordinateIds").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("duty").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("dutySince").ValueKind);
    }

    [Fact]
    public async Task Community_head_lists_the_grid_officials_who_answer_to_them()
    {
        var head = twin.TakeOfficial(OfficialRole.CommunityHead);
        var expected = twin.City.Definition.Officials.Where(o => o.SupervisorId == head.Id).Select(o => o.Id).ToArray();

        var view = await twin.GetAsync($"/api/officials/{head.Id}");

        Assert.Equal("communityHead", view.GetProperty("role").GetString());
        Assert.NotEmpty(expected);
        Assert.Equal(expected, view.GetProperty("subordinateIds").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Official_reporting_on_duty_is_on_duty_since_that_report()
    {
        var official = twin.TakeOfficial(OfficialRole.GridOfficial);
        await twin.ApplyAsync(TwinFixture.Reading(official.Id, "status", "onDuty", twin.SecondsAgo(30)));

        var view = await twin.GetAsync($"/api/officials/{official.Id}");

        Assert.Equal("onDuty", view.GetProperty("duty").GetString());
        Assert.Equal(twin.Now.AddSeconds(-30), view.GetProperty("dutySince").GetDateTimeOffset());
    }

    [Fact]
    public async Task Older_duty_report_does_not_overwrite_a_newer_one()
    {
        var official = twin.TakeOfficial(OfficialRole.GridOfficial);
        await twin.ApplyAsync(TwinFixture.Reading(official.Id, "status", "offDuty", twin.SecondsAgo(10)));

        using var older = await twin.Http.PostAsJsonAsync("/api/readings", new[] { TwinFixture.Reading(official.Id, "status", "onDuty", twin.SecondsAgo(60)) });

        var result = (await older.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        Assert.Equal("outdated", result.GetProperty("status").GetString());
        var view = await twin.GetAsync($"/api/officials/{official.Id}");
        Assert.Equal("offDuty", view.GetProperty("duty").GetString());
        Assert.Equal(twin.Now.AddSeconds(-10), view.GetProperty("dutySince").GetDateTimeOffset());
    }

    [Fact]
    public async Task Duty_status_other_than_on_or_off_duty_is_rejected_naming_value()
    {
        var official = twin.TakeOfficial(OfficialRole.GridOfficial);

        using var response = await twin.Http.PostAsJsonAsync("/api/readings", new[] { TwinFixture.Reading(official.Id, "status", "onLeave", twin.SecondsAgo(1)) });

        await ProblemAssert.NamesFieldsAsync(response, "readings[0].value");
        var view = await twin.GetAsync($"/api/officials/{official.Id}");
        Assert.Equal(JsonValueKind.Null, view.GetProperty("duty").ValueKind);
    }

    [Fact]
    public async Task Occupancy_reading_for_an_official_is_rejected_naming_type()
    {
        using var response = await twin.Http.PostAsJsonAsync(
            "/api/readings", new[] { TwinFixture.Reading(twin.TakeOfficial(OfficialRole.GridOfficial).Id, "occupancy", 1, twin.SecondsAgo(1)) });

        await ProblemAssert.NamesFieldsAsync(response, "readings[0].type");
    }

    [Fact]
    public async Task Unknown_official_is_a_404_problem()
    {
        using var response = await twin.Http.GetAsync(new Uri("/api/officials/official:XH-G999", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("official:XH-G999", problem.GetProperty("id").GetString());
    }
}
