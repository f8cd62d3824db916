using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SmartCity.Api.Security;
using SmartCity.TestSupport;

namespace SmartCity.WebConsole.Tests;

/// <summary>The planner's page: a scenario picked or edited, run in the twin, its charts and gap-year map, two runs compared.</summary>
[Collection(SharedConsoleTwin.Name)]
public sealed class PlannerPageTests(ConsoleTwin twin)
{
    /// <summary>The city clock is in 2026, so a scenario without a start year starts in 2027.</summary>
    private const int StartYear = 2027;

    /// <summary>Scenarios are run by planners: the page is opened signed in as one.</summary>
    private static readonly string Planner = TestCredentials.Token("test-planner", [Roles.Planner]);

    private static readonly LocatorAssertionsToHaveAttributeOptions RunTimeout = new() { Timeout = 60_000 };

    [Fact]
    public async Task A_scenario_runs_and_its_chart_appears()
    {
        await using var console = await OpenPlannerAsync();
        var page = console.Page;
        await page.SelectOptionAsync("#planner-example", "migrant-inflow");
        await SetFieldAsync(page, "#planner-runs", "20");
        // The field edits the file in place: its comments stay.
        string text = await page.InputValueAsync("#planner-json");
        Assert.Contains("\"runs\": 20,", text, StringComparison.Ordinal);
        Assert.Contains("// China's migrants", text, StringComparison.Ordinal);

        string id = await RunAsync(page, runs: 20);

        int years = 20;
        var people = page.Locator("#planner-chart-people svg");
        await Assertions.Expect(people).ToHaveAttributeAsync("role", "img");
        await Assertions.Expect(people.Locator("title").First).ToHaveTextAsync("Residents and migrants");
        await Assertions.Expect(people.Locator("path.band")).ToHaveCountAsync(2);
        foreach (string series in new[] { "residents", "migrants" })
        {
            var points = people.Locator($"g[data-series='{series}'] circle.point");
            await Assertions.Expect(points).ToHaveCountAsync(years);
            Assert.Equal(Enumerable.Range(StartYear, years).Select(y => y.ToString(CultureInfo.InvariantCulture)),
                await points.EvaluateAllAsync<string[]>("ps => ps.map(p => p.dataset.year)"));
        }
        var shortChart = page.Locator("#planner-chart-short svg");
        await Assertions.Expect(shortChart.Locator("path.band")).ToHaveCountAsync(5);
        await Assertions.Expect(shortChart.Locator("circle.point")).ToHaveCountAsync(5 * years);
        // No urban share in this scenario, so no urban-share chart.
        await Assertions.Expect(page.Locator("#planner-chart-urban")).ToHaveCountAsync(0);

        // The gap-year map shows every cell: a year of the horizon, or "none" in its own colour.
        var cells = page.Locator("#planner-gap-map path.gap-cell");
        await Assertions.Expect(cells).ToHaveCountAsync(twin.City.Definition.GridCells.Count);
        var drawn = await cells.EvaluateAllAsync<string[][]>("cs => cs.map(c => [c.dataset.id, c.dataset.year, c.getAttribute('fill')])");
        Assert.Equal(twin.City.Definition.GridCells.Select(c => c.Id).Order(StringComparer.Ordinal), drawn.Select(c => c[0]).Order(StringComparer.Ordinal));
        var summary = await twin.Http.GetFromJsonAsync<JsonElement>($"/api/scenarios/{id}/summary");
        var expected = summary.GetProperty("cells").EnumerateArray().ToDictionary(c => c.GetProperty("cellId").GetString()!, FirstGapYear);
        Assert.All(drawn, c => Assert.Equal(expected[c[0]], c[1]));
        Assert.Contains(drawn, c => c[1] != "none");
        Assert.All(drawn, c => Assert.Equal(c[1] == "none", c[2] == "#9ecae1"));
        await Assertions.Expect(page.Locator("#planner-gap-map .legend")).ToContainTextAsync($"no gap by {StartYear + years - 1}");
        Assert.Contains($"run={id}", page.Url, StringComparison.Ordinal);

        await console.ScreenshotAsync("planner-run");
        await page.Locator("#planner-gap-map").ScrollIntoViewIfNeededAsync();
        await console.ScreenshotAsync("planner-gap-map");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task Two_runs_are_compared_by_the_cells_short_each_year_and_their_difference()
    {
        await using var console = await OpenPlannerAsync();
        var page = console.Page;
        await page.SelectOptionAsync("#planner-example", "migrant-inflow");
        await SetFieldAsync(page, "#planner-runs", "20");
        string first = await RunAsync(page, runs: 20);
        await Assertions.Expect(page.Locator("#planner-compare-hint")).ToBeVisibleAsync();
        await page.SelectOptionAsync("#planner-example", "policy-boost");
        await SetFieldAsync(page, "#planner-runs", "20");
        string second = await RunAsync(page, runs: 20);
        await Assertions.Expect(page.Locator("#planner-compare-hint")).ToBeHiddenAsync();

        await page.SelectOptionAsync("#planner-compare-a", first);
        await page.SelectOptionAsync("#planner-compare-b", second);
        await page.SelectOptionAsync("#planner-compare-need", "3"); // officials
        await page.ClickAsync("#planner-compare-run");

        var chart = page.Locator("#planner-compare-chart svg");
        foreach (string series in new[] { "first", "second", "difference" })
        {
            await Assertions.Expect(chart.Locator($"g[data-series='{series}'] circle.point")).ToHaveCountAsync(20);
        }
        var a = await ShortPerYearAsync(first, need: 3);
        var b = await ShortPerYearAsync(second, need: 3);
        string[] differences = await chart.Locator("g[data-series='difference'] circle.point title")
            .EvaluateAllAsync<string[]>("ts => ts.map(t => t.textContent)");
        Assert.Equal(a.Zip(b, (x, y) => Number(y - x)), differences.Select(d => d[(d.LastIndexOf(": ", StringComparison.Ordinal) + 2)..]));
        var officialsRow = page.Locator(".compare-table tr", new() { HasText = "Cells short of officials in the final year" }).Locator("td");
        await Assertions.Expect(officialsRow).ToHaveTextAsync([Number(a[^1]), Number(b[^1]), (b[^1] - a[^1] > 0 ? "+" : "") + Number(b[^1] - a[^1])]);

        await page.Locator("#planner-compare").ScrollIntoViewIfNeededAsync();
        await console.ScreenshotAsync("planner-compare");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task An_invalid_edited_scenario_shows_the_field_error_and_starts_nothing()
    {
        await using var console = await OpenPlannerAsync();
        var page = console.Page;
        await page.SelectOptionAsync("#planner-example", "migrant-inflow");
        await SetFieldAsync(page, "#planner-inflow", "-5");
        Assert.Contains("\"nationalInflowPerYear\": -5,", await page.InputValueAsync("#planner-json"), StringComparison.Ordinal);

        await page.ClickAsync("#planner-run");

        await Assertions.Expect(page.Locator("#planner-inflow-error")).ToHaveTextAsync("cannot be negative.");
        await Assertions.Expect(page.Locator("#planner-inflow")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#planner-errors li[data-field='migration.nationalInflowPerYear']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#planner-status")).ToHaveTextAsync("The scenario was not started: correct the fields marked in red.");
        await console.ScreenshotAsync("planner-invalid");
        await Assertions.Expect(page.Locator("#planner-progress")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#planner-run-list li")).ToHaveCountAsync(0);
        Assert.DoesNotContain("run=", page.Url, StringComparison.Ordinal);

        // A field the simple inputs do not show is named in the list under the text.
        string text = await page.InputValueAsync("#planner-json");
        await page.FillAsync("#planner-json", text.Replace("\"name\": \"Migrant inflow\"", "\"name\": \"Migrant inflow\", \"nmae\": 1", StringComparison.Ordinal)
            .Replace("-5", "10000000", StringComparison.Ordinal));
        await page.ClickAsync("#planner-run");
        await Assertions.Expect(page.Locator("#planner-errors li[data-field='nmae']")).ToContainTextAsync("is not a member here");
        await Assertions.Expect(page.Locator("#planner-inflow")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#planner-run-list li")).ToHaveCountAsync(0);

        // Chromium logs each refused request; those two 400s are the refusals asserted above, and nothing else may be logged.
        Assert.Equal(2, TakeLoggedRefusals(console, "status of 400 (Bad Request)"));
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task A_long_run_can_be_stopped_and_then_has_no_projection()
    {
        await using var console = await OpenPlannerAsync();
        var page = console.Page;
        await SetFieldAsync(page, "#planner-runs", "5000");
        await page.ClickAsync("#planner-run");
        await Assertions.Expect(page.Locator("#planner-cancel")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#planner-status")).ToContainTextAsync("of 5000 runs");

        await page.ClickAsync("#planner-cancel");

        await Assertions.Expect(page.Locator("#planner-status")).ToContainTextAsync("Stopped after", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#planner-cancel")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#planner-run-list li .status")).ToHaveTextAsync("stopped");
        Assert.NotEqual("100", await page.Locator("#planner-progress").GetAttributeAsync("aria-valuenow"));
        await Assertions.Expect(page.Locator("#planner-result")).ToBeHiddenAsync();
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task Without_a_planner_token_the_page_asks_to_sign_in()
    {
        await using var console = await twin.OpenAsync("/#page=planner");

        await Assertions.Expect(console.Page.Locator("#planner-status"))
            .ToHaveTextAsync("Scenarios are run by planners: sign in with a planner token to use this page.");
        await Assertions.Expect(console.Page.Locator("#planner-example option")).ToHaveCountAsync(0);
        Assert.Equal(1, TakeLoggedRefusals(console, "status of 401 (Unauthorized)"));
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task An_urban_share_path_is_drawn_with_its_band()
    {
        await using var console = await OpenPlannerAsync();
        var page = console.Page;
        var path = Enumerable.Range(StartYear - 1, 4).Select(y => new { year = y, share = 0.66 + 0.01 * (y - StartYear), p10 = 0.65 + 0.008 * (y - StartYear), p90 = 0.67 + 0.012 * (y - StartYear) });
        string scenario = JsonSerializer.Serialize(new
        {
            name = "Urban path", years = 3, runs = 10, seed = 2,
            urbanization = new { regionalPopulation = 1_000_000, cityShareOfUrbanGrowth = 0.01, urbanSharePath = path },
            migration = new { cityShare = 0 },
        });
        await page.FillAsync("#planner-json", scenario);
        await RunAsync(page, runs: 10);

        var chart = page.Locator("#planner-chart-urban svg");
        await Assertions.Expect(chart.Locator("path.band")).ToHaveCountAsync(1);
        await Assertions.Expect(chart.Locator("circle.point")).ToHaveCountAsync(4);
        await Assertions.Expect(chart.Locator("circle.point title").Last).ToHaveTextAsync($"Urban share, {StartYear + 2}: 68% (66.6%–69.4%)");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task On_a_phone_the_planner_runs_and_nothing_scrolls_sideways()
    {
        await using var console = await OpenPlannerAsync(width: 390, height: 844);
        var page = console.Page;
        await page.SelectOptionAsync("#planner-example", "policy-boost");
        await SetFieldAsync(page, "#planner-runs", "10");
        await SetFieldAsync(page, "#planner-years", "8");
        await RunAsync(page, runs: 10);

        await Assertions.Expect(page.Locator("#planner-chart-short circle.point")).ToHaveCountAsync(5 * 8);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        var map = (await page.Locator("#planner-gap-map").BoundingBoxAsync())!;
        var form = (await page.Locator("#planner-form").BoundingBoxAsync())!;
        Assert.InRange(map.Width, 300, 390);
        Assert.True(map.Y > form.Y + form.Height, "On a phone the results come below the form.");
        await page.Locator("#planner-chart-people").ScrollIntoViewIfNeededAsync();
        await console.ScreenshotAsync("planner-phone");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Folder, "planner-phone-full-page.png"), FullPage = true });
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task In_Chinese_the_planner_speaks_Chinese_and_every_control_is_named()
    {
        await using var console = await OpenPlannerAsync();
        var page = console.Page;
        await page.SelectOptionAsync("#language", "zh");
        await Assertions.Expect(page.Locator("#planner-title")).ToHaveTextAsync("规划推演");
        await Assertions.Expect(page.Locator("label[for='planner-runs']")).ToHaveTextAsync("蒙特卡洛次数");
        await SetFieldAsync(page, "#planner-runs", "10");
        await page.ClickAsync("#planner-run");
        await Assertions.Expect(page.Locator("#planner-progress")).ToHaveAttributeAsync("aria-valuenow", "100", RunTimeout);
        await Assertions.Expect(page.Locator("#planner-status")).ToHaveTextAsync("完成：共 10 次。", new() { Timeout = 30_000 });

        await Assertions.Expect(page.Locator("#planner-chart-people svg title").First).ToHaveTextAsync("常住人口与流动人口");
        await Assertions.Expect(page.Locator("#planner-gap-need option[value='any']")).ToHaveTextAsync("任一需求（最早的缺口）");
        await Assertions.Expect(page.Locator("#planner-gap-map .legend")).ToContainTextAsync("年无缺口");
        await Assertions.Expect(page.Locator("#planner-progress")).ToHaveAttributeAsync("aria-label", "运行进度");
        Assert.Empty(await page.EvaluateAsync<string[]>(UnnamedPlannerControls));
        await console.ScreenshotAsync("planner-zh");
        await page.SelectOptionAsync("#language", "en");
        await Assertions.Expect(page.Locator("#planner-chart-people svg title").First).ToHaveTextAsync("Residents and migrants");
        Assert.Empty(await page.EvaluateAsync<string[]>(UnnamedPlannerControls));
        console.AssertStayedLocalAndWell();
    }

    // Every control on the planner's page with nothing to name it for a screen reader.
    private const string UnnamedPlannerControls = """
        () => [...document.querySelectorAll('#page-planner :is(select, input, textarea, button, a[href])')]
          .filter(el => !(el.labels?.length > 0 || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
                          || ((el.tagName === 'BUTTON' || el.tagName === 'A') && el.textContent.trim())))
          .map(el => el.outerHTML.slice(0, 120))
        """;

    private async Task<ConsolePage> OpenPlannerAsync(int width = 1280, int height = 900)
    {
        var console = await twin.OpenAsync("/#page=planner", width, height, token: Planner);
        await Assertions.Expect(console.Page.Locator("#planner-example option")).ToHaveCountAsync(2);
        await Assertions.Expect(console.Page.Locator("#planner-json")).Not.ToBeEmptyAsync();
        return console;
    }

    /// <summary>Types into a simple field and leaves it, as a person does.</summary>
    private static async Task SetFieldAsync(IPage page, string selector, string value)
    {
        await page.FillAsync(selector, value);
        await page.Locator(selector).DispatchEventAsync("change");
    }

    /// <summary>Presses run and waits until the run is done and its projection drawn; its id.</summary>
    private static async Task<string> RunAsync(IPage page, int runs)
    {
        int before = await page.Locator("#planner-run-list li").CountAsync();
        await page.ClickAsync("#planner-run");
        await Assertions.Expect(page.Locator("#planner-run-list li")).ToHaveCountAsync(before + 1);
        // A small run may be over before the bar could be seen: its end is what counts.
        await Assertions.Expect(page.Locator("#planner-progress")).ToHaveAttributeAsync("aria-valuenow", "100", RunTimeout);
        await Assertions.Expect(page.Locator("#planner-status")).ToHaveTextAsync($"Done: {runs} runs.", new() { Timeout = 30_000 });
        string id = (await page.Locator("#planner-run-list li").First.GetAttributeAsync("data-id"))!;
        await Assertions.Expect(page.Locator("#planner-run-list li").First).ToContainTextAsync("done");
        return id;
    }

    private async Task<double[]> ShortPerYearAsync(string id, int need)
    {
        var summary = await twin.Http.GetFromJsonAsync<JsonElement>($"/api/scenarios/{id}/summary");
        return [.. summary.GetProperty("cityByYear").EnumerateArray()
            .Select(y => y.GetProperty("needs")[need].GetProperty("cellsShort").GetProperty("p50").GetDouble())];
    }

    /// <summary>The earliest median year any of the cell's gaps opens, as the map's data-year says it.</summary>
    private static string FirstGapYear(JsonElement cell)
    {
        var years = cell.GetProperty("gaps").EnumerateArray().Select(g => g.GetProperty("p50Year"))
            .Where(y => y.ValueKind == JsonValueKind.Number).Select(y => y.GetInt32()).ToArray();
        return years.Length == 0 ? "none" : years.Min().ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Takes from the page's error log the lines Chromium writes for answers of a status; how many there were.</summary>
    private static int TakeLoggedRefusals(ConsolePage console, string status)
    {
        var other = new List<string>();
        int refusals = 0;
        while (console.ScriptErrors.TryDequeue(out string? error))
        {
            if (error.Contains(status, StringComparison.Ordinal)) refusals++;
            else other.Add(error);
        }
        foreach (string error in other) console.ScriptErrors.Enqueue(error);
        return refusals;
    }

    /// <summary>A count as the page writes it in English (en-GB, at most one decimal).</summary>
    private static string Number(double value) => value.ToString("#,##0.#", CultureInfo.GetCultureInfo("en-GB"));
}
