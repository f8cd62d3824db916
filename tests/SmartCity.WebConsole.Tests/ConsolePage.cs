using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace SmartCity.WebConsole.Tests;

/// <summary>
/// The console open in a browser context of its own. Every request is routed through here: one to
/// 127.0.0.1 goes on, any other is aborted and recorded, so a test can assert that none was made.
/// Errors the page's scripts throw are recorded too.
/// </summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private ConsolePage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Requests the page tried to send anywhere but 127.0.0.1; all of them were blocked.</summary>
    public ConcurrentQueue<string> OutsideRequests { get; } = new();

    public ConcurrentQueue<string> ScriptErrors { get; } = new();

    public static async Task<ConsolePage> OpenAsync(IBrowserContext context, string pathAndHash)
    {
        var page = await context.NewPageAsync();
        var console = new ConsolePage(context, page);
        await context.RouteAsync("**/*", async route =>
        {
            if (IsLocal(route.Request.Url))
            {
                await route.ContinueAsync();
                return;
            }
            console.OutsideRequests.Enqueue(route.Request.Url);
            await route.AbortAsync("blockedbyclient");
        });
        // Also what routing cannot see (e.g. a request chromium makes before routing is set up).
        context.Request += (_, request) =>
        {
            if (!IsLocal(request.Url) && !console.OutsideRequests.Contains(request.Url)) console.OutsideRequests.Enqueue(request.Url);
        };
        page.PageError += (_, error) => console.ScriptErrors.Enqueue(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") console.ScriptErrors.Enqueue(message.Text);
        };
        await page.GotoAsync(pathAndHash);
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 20_000 });
        return console;
    }

    /// <summary>Nothing left 127.0.0.1 and no script failed.</summary>
    public void AssertStayedLocalAndWell()
    {
        Assert.True(OutsideRequests.IsEmpty, "Requests left 127.0.0.1: " + string.Join(", ", OutsideRequests));
        Assert.True(ScriptErrors.IsEmpty, "The page's scripts failed: " + string.Join(" | ", ScriptErrors));
    }

    /// <summary>Saves a screenshot for the CI artifacts (<see cref="Screenshots.Folder"/>).</summary>
    public async Task ScreenshotAsync(string name)
    {
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Folder, name + ".png") });
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    private static bool IsLocal(string url) =>
        url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal) ||
        (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host == "127.0.0.1");
}

/// <summary>
/// Where the tests save screenshots: SMARTCITY_SCREENSHOTS if set, else "screenshots" beside the
/// test assembly (tests/SmartCity.WebConsole.Tests/bin/Debug/net10.0/screenshots).
/// </summary>
public static class Screenshots
{
    public static string Folder { get; } = Create();

    private static string Create()
    {
        string folder = Environment.GetEnvironmentVariable("SMARTCITY_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
