using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartCity.Api.Planning;
using SmartCity.Grains.Planning;

namespace SmartCity.Api.Tests.Planning;

/// <summary>What the web console's planner page reads: the shipped examples and a finished run's summary.</summary>
[Collection(SharedTwin.Name)]
public sealed class ScenarioSummaryEndpointTests(TwinFixture twin)
{
    [Fact]
    public async Task Examples_are_the_shipped_scenario_files_the_api_can_run_as_they_read()
    {
        var examples = await twin.Http.GetFromJsonAsync<JsonElement>("/api/planning/examples");

        var byId = examples.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e);
        // urbanization.json names a series file, which only the command line projects.
        Assert.Equal(["migrant-inflow", "policy-boost"], byId.Keys.Order(StringComparer.Ordinal));
        string shipped = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "examples", "scenarios", "policy-boost.json"));
        Assert.Equal(shipped, byId["policy-boost"].GetProperty("text").GetString());
        Assert.Equal("Policy boost", byId["policy-boost"].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Summary_gives_the_city_by_year_and_each_cells_gap_years_of_the_full_result()
    {
        string json = $$"""
            { "start": "city", "name": "summary", "years": 4, "runs": 12, "seed": 3,
              "migration": { "cityShare": 0.002, "dispersion": 50 } }
            """;
        using var response = await twin.Http.PostAsync(new Uri("/api/scenarios", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await TwinFixture.EventuallyAsync(() => twin.GetAsync($"/api/scenarios/{id}"), p => p.GetProperty("status").GetString() == "done", TimeSpan.FromSeconds(30));

        var result = PlanningJson.Read(await twin.Http.GetStringAsync(new Uri($"/api/scenarios/{id}/results", UriKind.Relative)));
        var summary = await twin.GetAsync($"/api/scenarios/{id}/summary");

        Assert.Equal(["publicToilets", "parkingSpaces", "serviceHallThroughput", "officials", "acknowledgeTime"],
            summary.GetProperty("needs").EnumerateArray().Select(n => n.GetString()));
        var years = summary.GetProperty("cityByYear").EnumerateArray().ToArray();
        Assert.Equal(result.CityByYear.Select(y => y.Year), years.Select(y => y.GetProperty("year").GetInt32()));
        var last = years[^1];
        Assert.Equal(result.CityByYear[^1].Residents.P90, last.GetProperty("residents").GetProperty("p90").GetDouble());
        Assert.Equal(result.CityByYear[^1].Need(Need.Officials).CellsShort.P50,
            last.GetProperty("needs")[(int)Need.Officials].GetProperty("cellsShort").GetProperty("p50").GetDouble());
        var cells = summary.GetProperty("cells").EnumerateArray().ToArray();
        Assert.Equal(result.Cells.Select(c => c.CellId), cells.Select(c => c.GetProperty("cellId").GetString()));
        var expectedYears = result.Cells.Select(c => c.GapOpenings.Select(g => g.P50Year));
        var givenYears = cells.Select(c => c.GetProperty("gaps").EnumerateArray().Select(g =>
            g.GetProperty("p50Year").ValueKind == JsonValueKind.Null ? (int?)null : g.GetProperty("p50Year").GetInt32()));
        Assert.Equal(expectedYears.Select(y => string.Join(',', y)), givenYears.Select(y => string.Join(',', y)));
        Assert.Contains(result.Cells, c => c.GapOpenings.Any(g => g.P50Year is not null));
    }

    [Theory]
    [InlineData("scn-000000000000")]
    [InlineData("not-a-run")]
    public async Task Summary_of_an_unknown_run_is_a_404_problem(string id)
    {
        using var response = await twin.Http.GetAsync(new Uri($"/api/scenarios/{id}/summary", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "SmartCity.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("SmartCity.sln not found above the test assembly.");
    }
}
