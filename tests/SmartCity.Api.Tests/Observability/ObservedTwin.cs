using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Silo.Hosting;
using SmartCity.TestSupport;

namespace SmartCity.Api.Tests.Observability;

/// <summary>
/// The demo twin as a process of its own (SmartCity.Silo.dll beside the tests, in-memory storage), for
/// tests that read exact figures from its /metrics. It cannot share the test process with the other
/// twins: OpenTelemetry subscribes to meters by name across the whole process, so one twin's /metrics
/// would count, or lose, the others' measurements. Its clock is real, so report deadlines come from
/// a categories file of its own: "garbage" as shipped, and "quick-test", acknowledged within 2 seconds.
/// Gauges refresh every 200 ms; overdue reports escalate one level only.
/// </summary>
public sealed class ObservedTwinFixture : IAsyncLifetime
{
    public const string QuickCategory = "quick-test";

    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "smartcity-observed-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The same demo city the twin runs (same generator, same seed).</summary>
    public CityMap City { get; } = CityLoader.Load(new ConfigurationBuilder().Build());

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        string categories = Path.Combine(_folder, "categories.json");
        await File.WriteAllTextAsync(categories, CategoriesJson);
        int[] ports = LocalPorts.Free(3);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "SmartCity.Silo.dll"),
                     $"--Urls=http://127.0.0.1:{ports[0]}", $"--Orleans:SiloPort={ports[1]}", $"--Orleans:GatewayPort={ports[2]}",
                     "--Storage:Provider=Memory", $"--Reports:CategoriesPath={categories}", "--Reports:EscalationLevels=1",
                     "--Observability:GaugeRefreshInterval=00:00:00.200", "--Twin:SummaryPushDelay=00:00:00.100",
                     // A report checks its deadlines three write-behind intervals after each change.
                     "--Twin:WriteBehindInterval=00:00:01", "--Logging:LogLevel:Default=Warning",
                     // Other twins of the test run may hold the MQTT port.
                     "--Mqtt:Enabled=false",
                     TestCredentials.SigningKeyArgument,
                 })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}"), Timeout = TimeSpan.FromSeconds(30) }.AsAdmin();
        await WaitUntilServingAsync();
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>GET /metrics, asserting 200.</summary>
    public async Task<MetricsScrape> ScrapeAsync()
    {
        using var response = await Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return MetricsScrape.Parse(text);
    }

    /// <summary>Scrapes until the condition holds or 15 s pass, and returns the last scrape either way.</summary>
    public Task<MetricsScrape> ScrapeUntilAsync(Func<MetricsScrape, bool> done) =>
        TwinFixture.EventuallyAsync(ScrapeAsync, done, TimeSpan.FromSeconds(15));

    /// <summary>
    /// A scrape to compare later ones with: taken once the gauges have figures, and a second after the
    /// test before, so that they show all it did (summaries are pushed within 0.2 s, gauges refreshed every 0.2 s).
    /// </summary>
    public async Task<MetricsScrape> BaselineAsync()
    {
        await ScrapeUntilAsync(s => s.Has("smartcity_bays") && s.Has("smartcity_reports_open"));
        await Task.Delay(TimeSpan.FromSeconds(1));
        return await ScrapeAsync();
    }

    /// <summary>An observation time some seconds ago, as a sensor writes it.</summary>
    public static string SecondsAgo(int seconds) => TwinFixture.Iso(DateTimeOffset.UtcNow.AddSeconds(-seconds));

    /// <summary>Sends readings and asserts the twin applied every one.</summary>
    public async Task ApplyAsync(params object[] readings)
    {
        using var response = await Http.PostAsJsonAsync("/api/readings", readings);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.All(JsonDocument.Parse(body).RootElement.GetProperty("results").EnumerateArray(),
            r => Assert.Equal("applied", r.GetProperty("status").GetString()));
    }

    /// <summary>Files a report at the centre of the cell and returns its id (asserting 201).</summary>
    public async Task<string> FileReportAsync(GridCellDefinition cell, string category)
    {
        using var response = await Http.PostAsJsonAsync("/api/reports", new
        {
            category,
            description = $"Bins overflowing in {cell.Name}.",
            location = new { lat = cell.Boundary.Centroid.Lat, lon = cell.Boundary.Centroid.Lon },
        });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>POST /api/reports/{id}/{action} as the official, asserting 200.</summary>
    public async Task ActAsync(string id, string action, object body)
    {
        using var response = await Http.PostAsJsonAsync($"/api/reports/{id}/{action}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A grid cell no other test here has taken, whose official answers for it alone.</summary>
    public GridCellDefinition TakeGridCell() =>
        Take(City.Definition.GridCells.Where(c => City.GridsByOfficial[c.OfficialId].Count == 1), c => c.Id);

    public FacilityDefinition TakeFacility(FacilityKind kind, Func<FacilityDefinition, bool>? where = null) =>
        Take(City.Definition.Facilities.Where(f => f.Kind == kind && (where is null || where(f))), f => f.Id);

    private T Take<T>(IEnumerable<T> candidates, Func<T, string> idOf)
    {
        lock (_taken)
        {
            foreach (var candidate in candidates)
            {
                if (_taken.Add(idOf(candidate))) return candidate;
            }
        }
        throw new InvalidOperationException("Every candidate is taken.");
    }

    private async Task WaitUntilServingAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"The twin exited with code {_process.ExitCode} before serving.");
            try
            {
                using var response = await Http.GetAsync(new Uri("/api/city", UriKind.Relative));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The twin did not serve /api/city within 90 s.");
    }

    private static readonly string CategoriesJson = string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "departments": [ { "id": "department:sanitation", "name": "Urban Sanitation Office" } ],
          "categories": [
            { "code": "garbage", "name": "Garbage", "description": "Bins overflowing.", "group": "Streets",
              "acknowledgeWithin": "02:00:00", "resolveWithin": "1.00:00:00", "department": "department:sanitation" },
            { "code": "{{QuickCategory}}", "name": "Quick test", "description": "Deadlines in seconds, for tests.", "group": "Streets",
              "acknowledgeWithin": "00:00:02", "resolveWithin": "01:00:00", "department": "department:sanitation" }
          ]
        }
        """);
}

[CollectionDefinition(Name)]
public sealed class ObservedTwin : ICollectionFixture<ObservedTwinFixture>
{
    public const string Name = "Twin process for metrics and health";
}
