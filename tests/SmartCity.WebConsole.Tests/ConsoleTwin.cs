using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Silo.Hosting;
using SmartCity.TestSupport;

namespace SmartCity.WebConsole.Tests;

/// <summary>
/// The real twin (silo and HTTP API, in-memory storage, the demo city) on 127.0.0.1, and Debian's
/// chromium driven by Playwright. The city clock is fixed on a Wednesday at 10:00 in Hangzhou, so every
/// public toilet is open by its hours whatever the real time is.
/// </summary>
public sealed class ConsoleTwin : IAsyncLifetime
{
    /// <summary>2026-11-25 10:00 Asia/Shanghai.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public FakeTimeProvider Time { get; } = new(Start);

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public CityMap City { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Fail first, and plainly, when the browser is missing: a browser test never skips.
        string chromium = Chromium.ExecutablePath();
        await StartTwinAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = Chromium.Arguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        Http?.Dispose();
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>
    /// A fresh browser context and page on the console, that blocks and records every request leaving
    /// 127.0.0.1; signed in with <paramref name="token"/> when one is given, as a person who pasted it.
    /// </summary>
    public async Task<ConsolePage> OpenAsync(
        string pathAndHash = "/", int width = 1280, int height = 800, Action<BrowserNewContextOptions>? configure = null, string? token = null)
    {
        var options = new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = BaseAddress.ToString(),
            Locale = "en-GB",
        };
        configure?.Invoke(options);
        var context = await Browser.NewContextAsync(options);
        if (token is not null)
        {
            await context.AddInitScriptAsync($"if (!sessionStorage.getItem('signed')) {{ localStorage.setItem('smartcity.token', {System.Text.Json.JsonSerializer.Serialize(token)}); sessionStorage.setItem('signed', '1'); }}");
        }
        var page = await ConsolePage.OpenAsync(context, pathAndHash);
        return page;
    }

    /// <summary>A grid cell no other test has taken: its 50 bays have had no readings.</summary>
    public GridCellDefinition TakeGridCell()
    {
        lock (_taken)
        {
            return City.Definition.GridCells.First(c => _taken.Add(c.Id));
        }
    }

    /// <summary>Occupancy readings of bays, observed a minute before the city clock's now; asserts each was applied.</summary>
    public Task SendOccupancyAsync(IEnumerable<string> bayIds, bool occupied) =>
        SendReadingsAsync(bayIds.Select(id => (id, "occupancy", (object)occupied)));

    /// <summary>Readings as sensors send them (entity, type, value), observed a minute before the city clock's now; asserts each was applied.</summary>
    public async Task SendReadingsAsync(IEnumerable<(string EntityId, string Type, object Value)> values)
    {
        string observedAt = (Time.GetUtcNow() - TimeSpan.FromMinutes(1)).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var readings = values.Select(v => new
        {
            readingId = Guid.NewGuid().ToString("N"), entityId = v.EntityId, type = v.Type, value = v.Value, observedAt,
        }).ToArray();
        using var response = await Http.PostAsJsonAsync("/api/readings", readings);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var results = JsonDocument.Parse(body).RootElement.GetProperty("results").EnumerateArray();
        Assert.All(results, r => Assert.Equal("applied", r.GetProperty("status").GetString()));
    }

    private async Task StartTwinAsync()
    {
        // A port picked free can be taken again before Kestrel or Orleans binds it; try a fresh set then.
        for (int attempt = 1; ; attempt++)
        {
            int[] ports = LocalPorts.Free(3);
            var app = SmartCityHost.Build(
                [
                    TestCredentials.SigningKeyArgument,
                    $"--Urls=http://127.0.0.1:{ports[0]}",
                    $"--Orleans:SiloPort={ports[1]}",
                    $"--Orleans:GatewayPort={ports[2]}",
                    "--Storage:Provider=Memory",
                    "--Twin:SummaryPushDelay=00:00:00.100",
                    "--Logging:LogLevel:Default=Warning",
                    "--Mqtt:Enabled=false",
                ],
                builder => builder.Services.AddSingleton(new CityClock(Time)));
            try
            {
                await app.StartAsync();
            }
            catch (Exception) when (attempt < 3)
            {
                await app.DisposeAsync();
                continue;
            }
            _app = app;
            City = app.Services.GetRequiredService<CityMap>();
            BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}/");
            Http = new HttpClient { BaseAddress = BaseAddress }.AsAdmin();
            await Http.GetFromJsonAsync<JsonElement>("/api/city");
            return;
        }
    }
}

/// <summary>The browser tests share one twin and one browser; each test opens its own context.</summary>
[CollectionDefinition(Name)]
public sealed class SharedConsoleTwin : ICollectionFixture<ConsoleTwin>
{
    public const string Name = "Console";
}
