using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartCity.Api.Planning;
using SmartCity.Grains.Planning;

namespace SmartCity.Api.Tests.Planning;

[Collection(SharedTwin.Name)]
public sealed class ScenariosEndpointTests(TwinFixture twin)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    private int NextYear => TimeZoneInfo.ConvertTime(twin.Now, twin.City.TimeZone).Year + 1;

    private string ScenarioJson(int runs, string migration = """{ "cityShare": 0.00038, "dispersion": 50 }""", int years = 3, string start = "city") => $$"""
        {
          "start": "{{start}}",
          "name": "http test", "startYear": {{NextYear}}, "years": {{years}}, "runs": {{runs}}, "seed": 5,
          "migration": {{migration}},
          "levers": [{ "year": {{NextYear + 1}}, "cell": "{{twin.City.Definition.GridCells[0].Id}}", "action": "buildFacilities", "kind": "publicToilet", "count": 2 }]
        }
        """;

    [Theory]
    [InlineData("""{ "nationalInflowPerYear": -5 }""", "migration.nationalInflowPerYear")]
    [InlineData("""{ "cityShare": 0.001, "cityshare": 0.1 }""", "migration.cityshare")]
    public async Task Bad_scenario_is_a_400_naming_the_field_and_starts_nothing(string migration, string field)
    {
        using var response = await PostAsync(ScenarioJson(runs: 24, migration));

        await ProblemAssert.NamesFieldsAsync(response, field);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Scenario_runs_in_the_cluster_to_the_same_projection_as_a_local_run()
    {
        string json = ScenarioJson(runs: 24);
        using var response = await PostAsync(json);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        string id = started.GetProperty("id").GetString()!;
        Assert.Matches("^scn-[a-z0-9]{12}$", id);
        Assert.Equal($"/api/scenarios/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(24, started.GetProperty("runsTotal").GetInt32());

        var progress = await ProgressUntilAsync(id, p => p.GetProperty("status").GetString() != "running", RunTimeout);
        Assert.Equal(("done", 24), (progress.GetProperty("status").GetString(), progress.GetProperty("runsDone").GetInt32()));

        using var results = await twin.Http.GetAsync(new Uri($"/api/scenarios/{id}/results", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, results.StatusCode);
        Assert.Equal("application/json", results.Content.Headers.ContentType?.MediaType);
        string body = await results.Content.ReadAsStringAsync();
        var result = PlanningJson.Read(body);
        Assert.Equal((NextYear, 3, 24), (result.StartYear, result.Years, result.Runs));
        Assert.Equal(twin.City.Definition.GridCells.Select(c => c.Id), result.Cells.Select(c => c.CellId));
        var local = new MonteCarlo(ScenarioFile.Parse(ScenariosEndpoints.TakeStart(json).ScenarioJson).Scenario!, PlanningCity.FromCity(twin.City.Definition)).Run();
        Assert.Equal(PlanningJson.Write(local with { Start = new PlanningStart("city", null) }), body);
    }

    [Fact]
    public async Task Scenario_without_a_start_year_runs_from_next_year_with_levers_by_offset()
    {
        string json = $$"""
            { "start": "city", "name": "relative years", "years": 3, "runs": 8, "seed": 5, "migration": { "cityShare": 0.00038 },
              "levers": [{ "yearOffset": 1, "cell": "{{twin.City.Definition.GridCells[0].Id}}", "action": "buildFacilities", "kind": "publicToilet", "count": 2 }] }
            """;
        using var response = await PostAsync(json);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var progress = await ProgressUntilAsync(id, p => p.GetProperty("status").GetString() != "running", RunTimeout);
        Assert.Equal("done", progress.GetProperty("status").GetString());
        string body = await twin.Http.GetStringAsync(new Uri($"/api/scenarios/{id}/results", UriKind.Relative));

        // The same as the calendar-year scenario of the other tests, which starts next year with its lever a year later.
        var scenario = ScenarioFile.Parse(ScenariosEndpoints.TakeStart(ScenarioJson(runs: 8)).ScenarioJson).Scenario! with { Name = "relative years" };
        var local = new MonteCarlo(scenario, PlanningCity.FromCity(twin.City.Definition)).Run();
        Assert.Equal(NextYear, PlanningJson.Read(body).StartYear);
        Assert.Equal(PlanningJson.Write(local with { Start = new PlanningStart("city", null) }), body);
    }

    [Fact]
    public async Task Series_file_is_a_400_since_the_server_does_not_read_its_callers_files()
    {
        using var response = await PostAsync("""
            { "name": "series", "years": 3, "runs": 8,
              "urbanization": { "regionalPopulation": 1000000, "cityShareOfUrbanGrowth": 0.01, "seriesFile": "china-urban-share.csv" } }
            """);

        await ProblemAssert.NamesFieldsAsync(response, "urbanization.seriesFile");
    }

    [Fact]
    public async Task Large_run_has_no_results_while_running_and_stops_when_cancelled()
    {
        using var response = await PostAsync(ScenarioJson(runs: ScenarioValidator.MaxRuns));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using (var early = await twin.Http.GetAsync(new Uri($"/api/scenarios/{id}/results", UriKind.Relative)))
        {
            await ProblemAssert.IsProblemAsync(early, HttpStatusCode.Conflict);
        }
        using var cancel = await twin.Http.PostAsync(new Uri($"/api/scenarios/{id}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        var progress = await ProgressUntilAsync(id, p => p.GetProperty("status").GetString() != "running", TimeSpan.FromSeconds(5));
        Assert.Equal("cancelled", progress.GetProperty("status").GetString());
        Assert.True(progress.GetProperty("runsDone").GetInt32() < ScenarioValidator.MaxRuns);
        using var late = await twin.Http.GetAsync(new Uri($"/api/scenarios/{id}/results", UriKind.Relative));
        await ProblemAssert.IsProblemAsync(late, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("scn-000000000000")]
    [InlineData("not-a-run")]
    public async Task Unknown_scenario_run_is_a_404_problem(string id)
    {
        foreach (string path in new[] { $"/api/scenarios/{id}", $"/api/scenarios/{id}/results" })
        {
            using var response = await twin.Http.GetAsync(new Uri(path, UriKind.Relative));
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        }
        using var cancel = await twin.Http.PostAsync(new Uri($"/api/scenarios/{id}/cancel", UriKind.Relative), null);
        await ProblemAssert.IsProblemAsync(cancel, HttpStatusCode.NotFound);
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        twin.Http.PostAsync(new Uri("/api/scenarios", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<JsonElement> ProgressUntilAsync(string id, Func<JsonElement, bool> done, TimeSpan within) =>
        TwinFixture.EventuallyAsync(() => twin.GetAsync($"/api/scenarios/{id}"), done, within);
}
