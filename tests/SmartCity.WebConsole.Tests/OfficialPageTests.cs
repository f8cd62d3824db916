using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SmartCity.Api.Security;
using SmartCity.Grains.City;
using SmartCity.TestSupport;

namespace SmartCity.WebConsole.Tests;

/// <summary>The official's page: who they are, their open reports by deadline, and the work on each.</summary>
[Collection(SharedConsoleTwin.Name)]
public sealed class OfficialPageTests(ConsoleTwin twin)
{
    [Fact]
    public async Task A_citizen_files_a_report_by_clicking_the_map_and_an_official_resolves_it_on_their_page()
    {
        var cell = twin.TakeGridCell();
        var place = cell.Boundary.Centroid;
        await using var console = await twin.OpenAsync(MapTests.AtZoom(17, place.Lat, place.Lon));
        await MapTests.WaitForLiveAsync(console);
        var page = console.Page;

        // The citizen clicks the map and files a report there.
        await CitizenTests.ClickMapCentreAsync(console);
        await page.SelectOptionAsync("#report-category", "road-damage");
        await page.SelectOptionAsync("#report-attribute-danger", "yes");
        await page.FillAsync("#report-description", "Loose paving slab at the bus stop");
        await page.ClickAsync("#report-submit");
        var mine = page.Locator("#my-reports-list li[data-id]").First;
        await Assertions.Expect(mine).ToHaveAttributeAsync("data-status", "submitted");
        string id = (await mine.GetAttributeAsync("data-id"))!;

        // The grid's official opens their page, signs in with the token their administrator issued,
        // and finds it among their open reports.
        await page.ClickAsync("#pages a[data-page='official']");
        await page.ClickAsync("#signin-open");
        await page.FillAsync("#signin-token", TestCredentials.Token(cell.OfficialId, [Roles.Official]));
        await page.ClickAsync("#signin-submit");
        await Assertions.Expect(page.Locator("#signed-in-as")).ToContainTextAsync(cell.OfficialId);
        await Assertions.Expect(page.Locator("#official-who")).ToHaveValueAsync(cell.OfficialId);
        Assert.Contains($"official={Uri.EscapeDataString(cell.OfficialId)}", page.Url, StringComparison.Ordinal);
        var item = page.Locator($"#official-reports li[data-id='{id}']");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-status", "submitted");
        await item.Locator("button.report-open").ClickAsync();
        await Assertions.Expect(page.Locator($"path.selected-report[data-id='{id}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#work-panel .history li")).ToHaveCountAsync(1);

        await page.FillAsync("#work-acknowledge-text", "Crew on the way.");
        await page.ClickAsync("#work-acknowledge-submit");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-status", "acknowledged");
        await Assertions.Expect(page.Locator("form[data-step='acknowledge']")).ToBeHiddenAsync();

        // Resolving without saying what was done is refused by the API; the reason shows beside the field.
        await page.ClickAsync("#work-resolve-submit");
        await Assertions.Expect(page.Locator("#work-resolve-resolution-error")).ToContainTextAsync("resolution");
        await Assertions.Expect(page.Locator("#work-resolve-resolution")).ToHaveAttributeAsync("aria-invalid", "true");
        await ExpectRefusalsLoggedAsync(console, 1);
        await console.ScreenshotAsync("official-report-open");

        await page.FillAsync("#work-resolve-resolution", "Slab relaid and levelled.");
        await page.ClickAsync("#work-resolve-submit");
        await Assertions.Expect(item).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#official-message")).ToContainTextAsync($"Report {id} resolved.");
        var report = await twin.Http.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
        Assert.Equal("resolved", report.GetProperty("status").GetString());
        Assert.Equal("Slab relaid and levelled.", report.GetProperty("resolution").GetString());
        var steps = report.GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("actor").GetString())).ToList();
        Assert.Equal([("submitted", "citizen"), ("acknowledged", cell.OfficialId), ("resolved", cell.OfficialId)], steps);
        await console.ScreenshotAsync("official-report-resolved");

        // Back on the citizen's page, "My reports" shows it resolved, ready to rate.
        await page.ClickAsync("#pages a[data-page='citizen']");
        var resolved = page.Locator($"#my-reports-list li[data-id='{id}']");
        await Assertions.Expect(resolved).ToHaveAttributeAsync("data-status", "resolved");
        await Assertions.Expect(resolved.Locator("select")).ToBeVisibleAsync();
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task A_report_filed_meanwhile_appears_live_and_passed_on_it_moves_to_the_supervisor()
    {
        var cell = twin.TakeGridCell();
        string supervisor = twin.City.Official(cell.OfficialId)!.SupervisorId!;
        await using var console = await twin.OpenAsync($"/#page=official&official={cell.OfficialId}", token: OfficialToken(cell));
        await MapTests.WaitForLiveAsync(console);
        var page = console.Page;
        await Assertions.Expect(page.Locator("#official-who")).ToHaveValueAsync(cell.OfficialId);

        string id = await FileReportAsync(twin, cell, "garbage", "Overflowing bins behind the market");

        var item = page.Locator($"#official-reports li[data-id='{id}']");
        await Assertions.Expect(item).ToHaveCountAsync(1, new() { Timeout = 5000 });
        await item.Locator("button.report-open").ClickAsync();
        await page.ClickAsync("#work-passOn-submit");
        await Assertions.Expect(page.Locator("#work-passOn-to-error")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#work-passOn-reason-error")).Not.ToBeEmptyAsync();
        await ExpectRefusalsLoggedAsync(console, 1);

        await page.SelectOptionAsync("#work-passOn-to", supervisor);
        await page.FillAsync("#work-passOn-reason", "Needs a sanitation crew from the community.");
        // Another report arrives while the official writes: the list grows, the words and the focus stay.
        string another = await FileReportAsync(twin, cell, "noise", "Generator running at night");
        await Assertions.Expect(page.Locator($"#official-reports li[data-id='{another}']")).ToHaveCountAsync(1, new() { Timeout = 5000 });
        await Assertions.Expect(page.Locator("#work-passOn-reason")).ToHaveValueAsync("Needs a sanitation crew from the community.");
        await Assertions.Expect(page.Locator("#work-passOn-reason")).ToBeFocusedAsync();
        await page.ClickAsync("#work-passOn-submit");
        await Assertions.Expect(item).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#official-message")).ToContainTextAsync($"Report {id} passed on to");
        var report = await twin.Http.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
        Assert.Equal(supervisor, report.GetProperty("assigneeId").GetString());

        // The supervisor, chosen on the same page, now holds it.
        await page.SelectOptionAsync("#official-who", supervisor);
        await Assertions.Expect(page.Locator($"#official-reports li[data-id='{id}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#official-message")).ToBeEmptyAsync();
        Assert.Contains($"official={Uri.EscapeDataString(supervisor)}", page.Url, StringComparison.Ordinal);
        await console.ScreenshotAsync("official-passed-on");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task Open_reports_are_listed_by_the_deadline_they_wait_on_and_the_overdue_flagged()
    {
        var cell = twin.TakeGridCell();
        // Illegal parking must be acknowledged within 30 minutes, garbage within 2 hours.
        string later = await FileReportAsync(twin, cell, "garbage", "Bags left on the pavement");
        string sooner = await FileReportAsync(twin, cell, "illegal-parking", "Van parked across the kerb");
        await using var console = await twin.OpenAsync($"/#page=official&official={cell.OfficialId}", token: OfficialToken(cell));
        var page = console.Page;

        // The official may hold a second grid that other tests file in: look at these two only.
        var ids = page.Locator("#official-reports li[data-id]");
        await Assertions.Expect(page.Locator($"#official-reports li[data-id='{later}']")).ToHaveCountAsync(1);
        string[] listed = await ids.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.id)");
        Assert.Equal([sooner, later], listed.Where(id => id == sooner || id == later));
        await Assertions.Expect(page.Locator($"#official-reports li[data-id='{sooner}']")).ToContainTextAsync("acknowledge by");
        await Assertions.Expect(page.Locator($"#official-reports li[data-id='{sooner}'] .overdue-flag")).ToHaveCountAsync(0);
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task The_official_page_speaks_Chinese_and_so_do_the_categories_questions()
    {
        var cell = twin.TakeGridCell();
        string id = await FileReportAsync(twin, cell, "garbage", "Broken bin lid");
        await using var console = await twin.OpenAsync($"/#page=official&official={cell.OfficialId}", token: OfficialToken(cell));
        var page = console.Page;
        var item = page.Locator($"#official-reports li[data-id='{id}']");
        await Assertions.Expect(item).ToHaveCountAsync(1);

        await page.SelectOptionAsync("#language", "zh");

        await Assertions.Expect(page.Locator("#official-title")).ToHaveTextAsync("网格员工作台");
        await Assertions.Expect(page.Locator("label[for='official-who']")).ToHaveTextAsync("我是");
        await Assertions.Expect(page.Locator("#official-reports-title")).ToContainTextAsync("我的待办诉求");
        await Assertions.Expect(item.Locator(".status")).ToHaveTextAsync("已提交");
        await Assertions.Expect(item.Locator("button.report-open")).ToContainTextAsync("垃圾堆放");
        await item.Locator("button.report-open").ClickAsync();
        await Assertions.Expect(page.Locator("#work-resolve-submit")).ToHaveTextAsync("办结");
        await Assertions.Expect(page.Locator("#measure option[value='overdueReports']")).ToHaveTextAsync("超期诉求");
        Assert.Empty(await page.EvaluateAsync<string[]>(PageTests.UnnamedControls));
        await console.ScreenshotAsync("official-zh");

        // The citizen's form asks a category's questions in Chinese too.
        await page.ClickAsync("#pages a[data-page='citizen']");
        await CitizenTests.ClickMapCentreAsync(console);
        await page.SelectOptionAsync("#report-category", "road-damage");
        await Assertions.Expect(page.Locator("label[for='report-attribute-danger']")).ToHaveTextAsync("现在是否对行人或车辆构成危险？ *");
        await Assertions.Expect(page.Locator("#report-attribute-size option[value='large']")).ToHaveTextAsync("比车轮大");
        await page.SelectOptionAsync("#report-category", "noise");
        await Assertions.Expect(page.Locator("label[for='report-attribute-source']")).ToHaveTextAsync("噪声来自哪里？");
        await page.SelectOptionAsync("#language", "en");
        await Assertions.Expect(page.Locator("label[for='report-attribute-source']")).ToHaveTextAsync("What makes the noise?");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task On_a_phone_the_official_page_fits_the_screen()
    {
        var cell = twin.TakeGridCell();
        string id = await FileReportAsync(twin, cell, "streetlight", "Lamp flickers all night");
        await using var console = await twin.OpenAsync($"/#page=official&official={cell.OfficialId}", width: 390, height: 844, token: OfficialToken(cell));
        var page = console.Page;
        await page.Locator($"#official-reports li[data-id='{id}'] button.report-open").ClickAsync();
        await Assertions.Expect(page.Locator("#work-resolve-submit")).ToBeVisibleAsync();

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        var panel = (await page.Locator("#panel").BoundingBoxAsync())!;
        Assert.InRange(panel.Width, 380, 390);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Folder, "phone-official.png"), FullPage = true });
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task Nobody_signed_in_may_look_at_a_worklist_but_not_act_and_another_official_may_not_act_either()
    {
        var cell = twin.TakeGridCell();
        string id = await FileReportAsync(twin, cell, "garbage", "Bins not emptied");
        string other = twin.City.Definition.GridCells.First(c => c.OfficialId != cell.OfficialId).OfficialId;
        foreach (string? token in new[] { null, TestCredentials.Token(other, [Roles.Official]) })
        {
            await using var console = await twin.OpenAsync($"/#page=official&official={cell.OfficialId}", token: token);
            var page = console.Page;
            await page.Locator($"#official-reports li[data-id='{id}'] button.report-open").ClickAsync();
            await page.FillAsync("#work-acknowledge-text", "On it.");
            await page.ClickAsync("#work-acknowledge-submit");

            await Assertions.Expect(page.Locator("#work-acknowledge-error")).ToContainTextAsync(token is null ? "Sign in first" : "neither holds this report");
            var report = await twin.Http.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
            Assert.Equal("submitted", report.GetProperty("status").GetString());
            // The refusals (401, 403) are what the test asked for; nothing else may have failed.
            while (console.ScriptErrors.TryPeek(out var error) && error.Contains("status of 40", StringComparison.Ordinal)) console.ScriptErrors.TryDequeue(out _);
            console.AssertStayedLocalAndWell();
        }
    }

    private static string OfficialToken(GridCellDefinition cell) => TestCredentials.Token(cell.OfficialId, [Roles.Official]);

    /// <summary>
    /// Chromium logs every answer of 400 as a console error. A test that provokes refusals on purpose takes
    /// exactly that many off the page's error list (waiting for them to arrive); any other error stays.
    /// </summary>
    internal static async Task ExpectRefusalsLoggedAsync(ConsolePage console, int count)
    {
        const string refused = "Failed to load resource: the server responded with a status of 400 (Bad Request)";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (console.ScriptErrors.Count(e => e == refused) < count && DateTime.UtcNow < deadline) await Task.Delay(50);
        var errors = new List<string>();
        while (console.ScriptErrors.TryDequeue(out var error)) errors.Add(error);
        Assert.Equal(count, errors.Count(e => e == refused));
        foreach (var error in errors.Where(e => e != refused)) console.ScriptErrors.Enqueue(error);
    }

    /// <summary>Files a report at the cell's centre through the API and returns its id.</summary>
    internal static async Task<string> FileReportAsync(ConsoleTwin twin, GridCellDefinition cell, string category, string description)
    {
        var place = cell.Boundary.Centroid;
        using var response = await twin.Http.PostAsJsonAsync("/api/reports", new
        {
            category, description, location = new { lat = place.Lat, lon = place.Lon }, citizenId = "test-citizen",
        });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }
}
