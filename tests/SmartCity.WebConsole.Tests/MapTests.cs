using System.Globalization;
using Microsoft.Playwright;
using SmartCity.Grains.City;

namespace SmartCity.WebConsole.Tests;

[Collection(SharedConsoleTwin.Name)]
public sealed class MapTests(ConsoleTwin twin)
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan CellLive = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Map_draws_every_grid_cell_of_the_city()
    {
        await using var console = await twin.OpenAsync();

        var cells = console.Page.Locator("path.grid-cell");
        await Assertions.Expect(cells).ToHaveCountAsync(twin.City.Definition.GridCells.Count);
        var ids = await cells.EvaluateAllAsync<string[]>("paths => paths.map(p => p.getAttribute('data-id'))");
        Assert.Equal(twin.City.Definition.GridCells.Select(c => c.Id).Order(), ids.Order());
        await console.ScreenshotAsync("map-city");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task A_bay_reading_recolours_the_bay_within_two_seconds()
    {
        var cell = twin.TakeGridCell();
        var bay = twin.City.MembersOf(cell.Id).ParkingBays[0];
        await using var console = await twin.OpenAsync(AtZoom(18, bay.Location.Lat, bay.Location.Lon));
        await WaitForLiveAsync(console);
        var marker = console.Page.Locator($"path.bay[data-id='{bay.Id}']");
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-status", "unknown");
        string before = await marker.GetAttributeAsync("fill") ?? "";

        await twin.SendOccupancyAsync([bay.Id], occupied: false);

        await Assertions.Expect(marker).ToHaveAttributeAsync("data-status", "free", new() { Timeout = (float)Live.TotalMilliseconds });
        Assert.NotEqual(before, await marker.GetAttributeAsync("fill"));
        await console.ScreenshotAsync("map-bay-free");
        console.AssertStayedLocalAndWell();
    }

    [Fact]
    public async Task Readings_recolour_their_grid_cell_live()
    {
        var cell = twin.TakeGridCell();
        await using var console = await twin.OpenAsync();
        await WaitForLiveAsync(console);
        var shape = console.Page.Locator($"path.grid-cell[data-id='{cell.Id}']");
        string before = await shape.GetAttributeAsync("fill") ?? "";

        await twin.SendOccupancyAsync(twin.City.MembersOf(cell.Id).ParkingBays.Select(b => b.Id), occupied: false);

        // Every bay of the cell is free now: a share of 1, the green end of the scale.
        // A cell follows its bays through their summaries, a moment after the bays themselves (which must
        // change within 2 s, above). Without a second read once the feed is quiet, a cell read before its
        // summary caught up stayed stale until the 30-second refresh.
        await Assertions.Expect(shape).ToHaveAttributeAsync("fill", "#1a9850", new() { Timeout = (float)CellLive.TotalMilliseconds });
        Assert.NotEqual("#1a9850", before);
        await console.ScreenshotAsync("map-cell-free");
        console.AssertStayedLocalAndWell();
    }

    internal static string AtZoom(int zoom, double lat, double lon) =>
        string.Create(CultureInfo.InvariantCulture, $"/#map={zoom}/{lat:F6}/{lon:F6}");

    internal static Task WaitForLiveAsync(ConsolePage console) =>
        console.Page.WaitForSelectorAsync("#live[data-state='open']", new PageWaitForSelectorOptions { Timeout = 10_000 });
}
