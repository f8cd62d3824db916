using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace SmartCity.WebConsole.Tests;

/// <summary>The console's reads about reports: figures per cell for the map, and who can hold a report.</summary>
[Collection(SharedConsoleTwin.Name)]
public sealed class ConsoleReportReadsTests(ConsoleTwin twin)
{
    [Fact]
    public async Task Each_cell_has_its_open_and_overdue_reports_and_median_time_to_acknowledge_and_the_map_shades_by_them()
    {
        var cell = twin.TakeGridCell();
        var quiet = twin.TakeGridCell();
        // Illegal parking must be acknowledged within 30 minutes, garbage within 2 hours.
        await OfficialPageTests.FileReportAsync(twin, cell, "illegal-parking", "Car on the zebra crossing");
        string answered = await OfficialPageTests.FileReportAsync(twin, cell, "garbage", "Rubbish bags by the gate");
        twin.Time.Advance(TimeSpan.FromMinutes(40));
        using (var response = await twin.Http.PostAsJsonAsync($"/api/reports/{answered}/acknowledge", new { actorId = cell.OfficialId }))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var figures = (await twin.Http.GetFromJsonAsync<JsonElement>("/api/console/cells/reports")).EnumerateArray().ToList();

        Assert.Equal(twin.City.Definition.GridCells.Count, figures.Count);
        var mine = figures.Single(f => f.GetProperty("id").GetString() == cell.Id);
        Assert.Equal(2, mine.GetProperty("openReports").GetInt32());
        Assert.Equal(1, mine.GetProperty("overdueReports").GetInt32());
        Assert.Equal(2400, mine.GetProperty("medianSecondsToAcknowledge").GetDouble(), 3);
        Assert.Equal(JsonValueKind.Null, mine.GetProperty("medianSecondsToResolve").ValueKind);
        var none = figures.Single(f => f.GetProperty("id").GetString() == quiet.Id);
        Assert.Equal(0, none.GetProperty("overdueReports").GetInt32());
        Assert.Equal(JsonValueKind.Null, none.GetProperty("medianSecondsToAcknowledge").ValueKind);

        await using var console = await twin.OpenAsync();
        var page = console.Page;
        var shape = page.Locator($"path.grid-cell[data-id='{cell.Id}']");
        await page.SelectOptionAsync("#measure", "overdueReports");
        // One overdue report: the first step of the count scale.
        await Assertions.Expect(shape).ToHaveAttributeAsync("fill", "#fdd49e");
        await Assertions.Expect(page.Locator($"path.grid-cell[data-id='{quiet.Id}']")).ToHaveAttributeAsync("fill", "#f1f3f5");
        await page.SelectOptionAsync("#measure", "responseTime");
        // 40 minutes is a third of the way from yellow (1 h) to green (0 h).
        await Assertions.Expect(shape).ToHaveAttributeAsync("fill", "#b2c877");
        await Assertions.Expect(page.Locator($"path.grid-cell[data-id='{quiet.Id}']")).ToHaveAttributeAsync("fill", "#b8bec6");
        await console.ScreenshotAsync("map-response-time");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task Every_official_and_department_can_be_chosen_to_hold_a_report()
    {
        var cell = twin.TakeGridCell();

        var holders = await twin.Http.GetFromJsonAsync<JsonElement>("/api/console/officials");

        var officials = holders.GetProperty("officials").EnumerateArray().ToList();
        Assert.Equal(twin.City.Definition.Officials.Count, officials.Count);
        var official = officials.Single(o => o.GetProperty("id").GetString() == cell.OfficialId);
        Assert.Equal("gridOfficial", official.GetProperty("role").GetString());
        Assert.Contains(cell.Id, official.GetProperty("gridCellIds").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(twin.City.Official(cell.OfficialId)!.SupervisorId, official.GetProperty("supervisorId").GetString());
        Assert.Contains("department:transport", holders.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
    }
}
