using Microsoft.Playwright;

namespace SmartCity.WebConsole.Tests;

/// <summary>Languages, labels, a phone's screen, and the rule that nothing leaves 127.0.0.1.</summary>
[Collection(SharedConsoleTwin.Name)]
public sealed class PageTests(ConsoleTwin twin)
{
    // Every control a person can use, and whatever names it for a screen reader.
    internal const string UnnamedControls = """
        () => [...document.querySelectorAll('select, input, textarea, button, a[role="button"], a[href]')]
          .filter(el => !(el.labels?.length > 0 || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
                          || ((el.tagName === 'BUTTON' || el.tagName === 'A') && el.textContent.trim())))
          .map(el => el.outerHTML.slice(0, 120))
        """;

    [Fact]
    public async Task The_language_switch_turns_the_console_into_Chinese_and_back()
    {
        await using var console = await twin.OpenAsync();
        var page = console.Page;

        await page.SelectOptionAsync("#language", "zh");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("智慧城市控制台");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.Locator("label[for='measure']")).ToHaveTextAsync("网格着色依据");
        await Assertions.Expect(page.Locator(".leaflet-control-zoom-in")).ToHaveAttributeAsync("aria-label", "放大");
        await Assertions.Expect(page.Locator("#report-category option[value='road-damage']")).ToHaveTextAsync("道路或人行道损坏");
        await console.ScreenshotAsync("console-zh");

        await page.SelectOptionAsync("#language", "en");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("SmartCity console");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task Every_control_has_an_accessible_name_in_both_languages()
    {
        await using var console = await twin.OpenAsync();
        var page = console.Page;
        // Open the report form too, with a category that asks questions.
        await CitizenTests.ClickMapCentreAsync(console);
        await page.SelectOptionAsync("#report-category", "road-damage");

        Assert.Empty(await page.EvaluateAsync<string[]>(UnnamedControls));
        await Assertions.Expect(page.Locator("#map")).ToHaveAttributeAsync("aria-label", "Map of the city: click a place to choose it");
        await page.SelectOptionAsync("#language", "zh");
        Assert.Empty(await page.EvaluateAsync<string[]>(UnnamedControls));
        await Assertions.Expect(page.Locator("#map")).ToHaveAttributeAsync("aria-label", "城市地图：点击地图选择地点");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task On_a_phone_the_panel_sits_below_the_map_and_nothing_scrolls_sideways()
    {
        await using var console = await twin.OpenAsync(width: 390, height: 844);
        var page = console.Page;
        await CitizenTests.ClickMapCentreAsync(console);

        var map = (await page.Locator("#map").BoundingBoxAsync())!;
        var panel = (await page.Locator("#panel").BoundingBoxAsync())!;
        Assert.InRange(map.Width, 380, 390);
        Assert.True(panel.Y >= map.Y + map.Height - 1, $"The panel (y {panel.Y}) should start below the map (bottom {map.Y + map.Height}).");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await Assertions.Expect(page.Locator("path.grid-cell")).Not.ToHaveCountAsync(0);
        await console.ScreenshotAsync("phone");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Folder, "phone-full-page.png"), FullPage = true });
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task A_request_that_would_leave_127_0_0_1_is_blocked_and_counted()
    {
        await using var console = await twin.OpenAsync();

        // The page's own content security policy already refuses this; evaluate around it to prove the guard itself.
        string outcome = await console.Page.EvaluateAsync<string>("""
            () => new Promise(done => {
              const image = new Image();
              image.onload = () => done('loaded');
              image.onerror = () => done('blocked');
              image.src = 'http://tiles.example.org/1/1/1.png';
            })
            """);

        Assert.Equal("blocked", outcome);
        Assert.Contains("http://tiles.example.org/1/1/1.png", console.OutsideRequests);
    }

    [Fact]
    public async Task The_page_forbids_itself_any_host_but_the_twin()
    {
        using var response = await twin.Http.GetAsync("/");
        string policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
