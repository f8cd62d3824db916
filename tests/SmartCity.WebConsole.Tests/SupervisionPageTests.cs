using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace SmartCity.WebConsole.Tests;

/// <summary>The supervision page: leaderboards of grids and officials, and the "urban management dynamic" feed.</summary>
[Collection(SharedConsoleTwin.Name)]
public sealed class SupervisionPageTests(ConsoleTwin twin)
{
    [Fact]
    public async Task The_leaderboards_show_the_APIs_ranking_and_a_new_report_reaches_the_dynamic_live()
    {
        await using var console = await twin.OpenAsync("/#page=supervision");
        await MapTests.WaitForLiveAsync(console);
        var page = console.Page;
        await Assertions.Expect(page.Locator("#leaderboard-grids tbody tr")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("#leaderboard-officials tbody tr")).ToHaveCountAsync(10);

        await page.ClickAsync("#leaderboard-grids th[data-column='overdue'] button");

        var table = page.Locator("#leaderboard-grids table");
        await Assertions.Expect(table).ToHaveAttributeAsync("data-sort-by", "overdue");
        await Assertions.Expect(table.Locator("th[data-column='overdue']")).ToHaveAttributeAsync("aria-sort", "ascending");
        var ranked = await twin.Http.GetFromJsonAsync<JsonElement>("/api/reports/leaderboard/grids?window=30d&sortBy=overdue&limit=10");
        var entries = ranked.GetProperty("entries").EnumerateArray().ToList();
        string[] shown = await table.Locator("tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)");
        Assert.Equal(entries.Select(e => e.GetProperty("id").GetString()), shown);
        await Assertions.Expect(table.Locator("tbody tr").First.Locator("td[data-column='reported']"))
            .ToHaveTextAsync(entries[0].GetProperty("figures").GetProperty("reported").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#leaderboard-officials table")).ToHaveAttributeAsync("data-sort-by", "overdue");

        // A report filed and resolved elsewhere reaches the feed without a reload, marked new.
        var cell = twin.TakeGridCell();
        string id = await OfficialPageTests.FileReportAsync(twin, cell, "blocked-drain", "Drain blocked with leaves");
        var reported = page.Locator($"#dynamic-feed li[data-report-id='{id}'][data-kind='reported']");
        await Assertions.Expect(reported).ToHaveCountAsync(1, new() { Timeout = 5000 });
        await Assertions.Expect(reported).ToHaveClassAsync("dynamic-item new");
        using (var response = await twin.Http.PostAsJsonAsync($"/api/reports/{id}/resolve", new { actorId = cell.OfficialId, resolution = "Drain cleared." }))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        var resolved = page.Locator($"#dynamic-feed li[data-report-id='{id}'][data-kind='resolved']");
        await Assertions.Expect(resolved).ToHaveCountAsync(1, new() { Timeout = 5000 });
        Assert.Equal(id, await page.Locator("#dynamic-feed li").First.GetAttributeAsync("data-report-id"));
        await console.ScreenshotAsync("supervision");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task A_grid_on_the_leaderboard_is_outlined_on_the_map()
    {
        await using var console = await twin.OpenAsync("/#page=supervision");
        var page = console.Page;
        var first = page.Locator("#leaderboard-grids tbody tr").First;
        string id = (await first.GetAttributeAsync("data-id"))!;

        await first.Locator("button.link").ClickAsync();

        await Assertions.Expect(page.Locator($"path.grid-cell[data-id='{id}']")).ToHaveAttributeAsync("stroke-width", "4");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task The_supervision_page_speaks_Chinese()
    {
        await using var console = await twin.OpenAsync("/#page=supervision");
        var page = console.Page;
        await Assertions.Expect(page.Locator("#leaderboard-grids tbody tr")).ToHaveCountAsync(10);

        Assert.Empty(await page.EvaluateAsync<string[]>(PageTests.UnnamedControls));

        await page.SelectOptionAsync("#language", "zh");

        await Assertions.Expect(page.Locator("#supervision-title")).ToHaveTextAsync("公开监督");
        await Assertions.Expect(page.Locator("#leaderboard-grids-title")).ToHaveTextAsync("网格排行");
        await Assertions.Expect(page.Locator("#leaderboard-officials th[data-column='onTime'] button")).ToContainTextAsync("按期办结率");
        await Assertions.Expect(page.Locator("#dynamic-title")).ToHaveTextAsync("城市管理动态");
        await Assertions.Expect(page.Locator("#supervision-window option[value='7d']")).ToHaveTextAsync("近 7 天");
        await Assertions.Expect(page.Locator("#dynamic-category option[value='garbage']")).ToHaveTextAsync("垃圾堆放");
        Assert.Empty(await page.EvaluateAsync<string[]>(PageTests.UnnamedControls));
        await console.ScreenshotAsync("supervision-zh");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task On_a_phone_the_supervision_page_fits_and_its_tables_scroll_in_their_box()
    {
        await using var console = await twin.OpenAsync("/#page=supervision", width: 390, height: 844);
        var page = console.Page;
        await Assertions.Expect(page.Locator("#leaderboard-officials tbody tr")).ToHaveCountAsync(10);

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        var box = (await page.Locator("#leaderboard-grids .board-scroll").BoundingBoxAsync())!;
        Assert.True(box.X + box.Width <= 390, $"The table's box ends at {box.X + box.Width}.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Folder, "phone-supervision.png"), FullPage = true });
        console.AssertStayedLocalAndWell();
    }
}
