using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Planning;

namespace SmartCity.Api.Tests.Planning;

[Collection(SharedTwin.Name)]
public sealed class LiveSnapshotTests(TwinFixture twin)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    private int NextYear => TimeZoneInfo.ConvertTime(twin.Now, twin.City.TimeZone).Year + 1;

    private string ScenarioJson(string startMember) => $$"""
        { {{startMember}} "name": "live test", "startYear": {{NextYear}}, "years": 2, "runs": 8, "seed": 5,
          "migration": { "cityShare": 0.00038, "dispersion": 50 } }
        """;

    [Fact]
    public async Task Toilet_put_out_of_order_leaves_the_snapshot_and_widens_its_cells_gap_in_a_live_run()
    {
        var toilet = twin.TakeFacility(FacilityKind.PublicToilet);
        string cellId = twin.City.GridCellOf(toilet.Id);
        var before = await SnapshotAsync();

        await twin.ApplyAsync(TwinFixture.Reading(toilet.Id, "status", "outOfOrder", twin.SecondsAgo(5)));
        var after = await SnapshotAsync();

        Assert.Equal((PlanningSnapshot.Live, twin.Now), (after.Start, after.TakenAt));
        Assert.Equal(Toilets(before, cellId) - 1, Toilets(after, cellId));
        Assert.Contains(after.NotCounted, f => f.Id == toilet.Id && f.GridCellId == cellId && f.Status == FacilityStatus.OutOfOrder);
        Assert.Equal(before.Cells.Sum(c => c.Residents), after.Cells.Sum(c => c.Residents));

        var (liveProgress, live) = await RunAsync(ScenarioJson("\"start\": \"live\","));
        var (cityProgress, city) = await RunAsync(ScenarioJson("\"start\": \"city\","));

        Assert.Equal(("live", Iso(twin.Now)), StartOf(liveProgress));
        Assert.Equal(("city", (string?)null), StartOf(cityProgress));
        Assert.Equal(new PlanningStart("live", twin.Now), live.Start);
        var liveToilets = live.Cell(cellId).Year(NextYear).Need(Need.PublicToilets);
        var cityToilets = city.Cell(cellId).Year(NextYear).Need(Need.PublicToilets);
        // A toilet serves its own cell and the cells around it (a catchment share), so the cell's capacity drops by less than one.
        Assert.True(cityToilets.Capacity > liveToilets.Capacity);
        Assert.True(liveToilets.Gap.P50 > cityToilets.Gap.P50, $"live gap {liveToilets.Gap.P50}, city gap {cityToilets.Gap.P50}");
    }

    [Fact]
    public async Task Scenario_without_start_plans_from_the_live_twin()
    {
        var (progress, result) = await RunAsync(ScenarioJson(""));

        Assert.Equal("live", StartOf(progress).From);
        Assert.Equal("live", result.Start?.From);
    }

    [Theory]
    [InlineData("\"tomorrow\"")]
    [InlineData("\"Live\"")]
    [InlineData("3")]
    [InlineData("null")]
    public async Task Start_other_than_live_or_city_is_a_400_naming_start(string value)
    {
        using var response = await PostAsync(ScenarioJson($"\"start\": {value},"));

        await ProblemAssert.NamesFieldsAsync(response, "start");
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Snapshot_json_reads_back_into_the_planning_city_it_describes()
    {
        string json = await twin.Http.GetStringAsync(new Uri("/api/planning/snapshot", UriKind.Relative));

        var city = PlanningSnapshot.Read(json).ToPlanningCity();

        Assert.Equal(twin.City.Definition.GridCells.Select(c => c.Id), city.Cells.Select(c => c.Id));
        Assert.Equal(twin.City.Definition.GridCells.Sum(c => c.Residents), city.Cells.Sum(c => c.Residents));
    }

    private static int Toilets(PlanningSnapshot snapshot, string cellId) => snapshot.Cells.Single(c => c.Id == cellId).PublicToilets;

    private static (string? From, string? TakenAt) StartOf(JsonElement progress)
    {
        var start = progress.GetProperty("start");
        var takenAt = start.GetProperty("takenAt");
        return (start.GetProperty("from").GetString(),
            takenAt.ValueKind == JsonValueKind.Null ? null : Iso(takenAt.GetDateTimeOffset()));
    }

    private static string Iso(DateTimeOffset instant) => TwinFixture.Iso(instant);

    private async Task<PlanningSnapshot> SnapshotAsync() =>
        PlanningSnapshot.Read(await twin.Http.GetStringAsync(new Uri("/api/planning/snapshot", UriKind.Relative)));

    private async Task<(JsonElement Progress, PlanningResult Result)> RunAsync(string json)
    {
        using var response = await PostAsync(json);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var progress = await TwinFixture.EventuallyAsync(
            () => twin.GetAsync($"/api/scenarios/{id}"), p => p.GetProperty("status").GetString() != "running", RunTimeout);
        Assert.Equal("done", progress.GetProperty("status").GetString());
        var result = PlanningJson.Read(await twin.Http.GetStringAsync(new Uri($"/api/scenarios/{id}/results", UriKind.Relative)));
        return (progress, result);
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        twin.Http.PostAsync(new Uri("/api/scenarios", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
}
