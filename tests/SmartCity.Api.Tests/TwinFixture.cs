using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Geo;
using SmartCity.Silo.Hosting;
using SmartCity.TestSupport;

namespace SmartCity.Api.Tests;

/// <summary>
/// The real twin (silo and HTTP API, in-memory storage, the demo city) on free local ports, with the
/// city clock on a fake time that starts on a Wednesday at 10:00 in Hangzhou. Only the city clock is
/// fake: Orleans keeps real time, so pushes and timers run as in production. A twin with other
/// settings derives from it and adds them in <see cref="ExtraArguments"/>.
/// </summary>
public class TwinFixture : IAsyncLifetime
{
    /// <summary>2026-11-25 10:00 Asia/Shanghai, a Wednesday: every toilet and service hall is open by its hours.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan SensorSilenceLimit = TimeSpan.FromMinutes(30);

    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly Queue<ParkingBayDefinition> _spareBays = new();
    private WebApplication? _app;

    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>A client signed in as admin, who may call everything: what most tests use.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A client with no credential at all.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public CityMap City { get; private set; } = null!;

    /// <summary>The twin's services, for what a test cannot see over HTTP (e.g. the port a broker was given).</summary>
    public IServiceProvider Services => _app!.Services;

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>A client signed in with this token; the test disposes it.</summary>
    public HttpClient ClientWith(string token) => new HttpClient { BaseAddress = Http.BaseAddress }.SignedIn(token);

    /// <summary>Settings this twin adds to the command line, e.g. "--Open311:ApiKey=...".</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    /// <summary>What a derived twin adds to the host before it is built, e.g. a log provider.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public async Task InitializeAsync()
    {
        // A port picked free can be taken again before Kestrel or Orleans binds it; try a fresh set then.
        for (int attempt = 1; ; attempt++)
        {
            int[] ports = LocalPorts.Free(3);
            var app = SmartCityHost.Build(
                [
                    $"--Urls=http://127.0.0.1:{ports[0]}",
                    $"--Orleans:SiloPort={ports[1]}",
                    $"--Orleans:GatewayPort={ports[2]}",
                    "--Storage:Provider=Memory",
                    TestCredentials.SigningKeyArgument,
                    $"--Twin:SensorSilenceLimit={SensorSilenceLimit:c}",
                    "--Twin:SummaryPushDelay=00:00:00.100",
                    "--Logging:LogLevel:Default=Warning",
                    // Tests run several twins at once; only those that test MQTT turn it on, on a port of their own.
                    "--Mqtt:Enabled=false",
                    .. ExtraArguments,
                ],
                builder =>
                {
                    builder.Services.AddSingleton(new CityClock(Time));
                    Configure(builder);
                });
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
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}") }.AsAdmin();
            Anonymous = new HttpClient { BaseAddress = Http.BaseAddress };
            await Http.GetFromJsonAsync<object>("/api/city");
            return;
        }
    }

    public virtual async Task DisposeAsync()
    {
        Http?.Dispose();
        Anonymous?.Dispose();
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>An observation time relative to the city clock, as a sensor writes it (RFC 3339, UTC).</summary>
    public string Stamp(TimeSpan fromNow) => Iso(Now + fromNow);

    public string SecondsAgo(int seconds) => Stamp(TimeSpan.FromSeconds(-seconds));

    public static string Iso(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string NewReadingId() => Guid.NewGuid().ToString("N");

    /// <summary>One reading as a sensor sends it; value may be any JSON value (true, 1, "free"...).</summary>
    public static object Reading(string entityId, string type, object value, string observedAt, string? readingId = null) =>
        new { readingId = readingId ?? NewReadingId(), entityId, type, value, observedAt };

    /// <summary>Sends readings that a test needs in place, and asserts the twin applied every one.</summary>
    public async Task ApplyAsync(params object[] readings)
    {
        using var response = await Http.PostAsJsonAsync("/api/readings", readings);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var results = JsonDocument.Parse(body).RootElement.GetProperty("results").EnumerateArray();
        Assert.All(results, r => Assert.Equal("applied", r.GetProperty("status").GetString()));
    }

    public Task<JsonElement> GetAsync(string path) => Http.GetFromJsonAsync<JsonElement>(path);

    /// <summary>The lat and lon query parameters of a point, written the same in every culture.</summary>
    public static string PointQuery(GeoPoint point) => string.Create(CultureInfo.InvariantCulture, $"lat={point.Lat}&lon={point.Lon}");

    /// <summary>A grid cell no other test has taken: its 50 bays start with no readings.</summary>
    public GridCellDefinition TakeGridCell() => Take(City.Definition.GridCells, c => c.Id);

    /// <summary>A bay no other test has taken, from a grid cell kept for single bays.</summary>
    public ParkingBayDefinition TakeBay()
    {
        lock (_taken)
        {
            if (_spareBays.Count == 0)
            {
                foreach (var bay in City.MembersOf(TakeGridCell().Id).ParkingBays) _spareBays.Enqueue(bay);
            }
            return _spareBays.Dequeue();
        }
    }

    public CarParkDefinition TakeCarPark() => Take(City.Definition.CarParks, c => c.Id);

    public FacilityDefinition TakeFacility(FacilityKind kind, Func<FacilityDefinition, bool>? where = null) =>
        Take(City.Definition.Facilities.Where(f => f.Kind == kind && (where is null || where(f))), f => f.Id);

    public OfficialDefinition TakeOfficial(OfficialRole role) => Take(City.Definition.Officials.Where(o => o.Role == role), o => o.Id);

    /// <summary>The first candidate no other test has taken, so tests sharing one twin never see each other's readings.</summary>
    public T Take<T>(IEnumerable<T> candidates, Func<T, string> idOf)
    {
        lock (_taken)
        {
            foreach (var candidate in candidates)
            {
                if (_taken.Add(idOf(candidate))) return candidate;
            }
        }
        throw new InvalidOperationException("Every candidate is taken; the tests need more of the city than it has.");
    }

    /// <summary>
    /// Reads until the answer satisfies the condition or the deadline passes, and returns the last answer
    /// either way: summaries and cell searches follow readings by one-way messages, a moment later.
    /// </summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var answer = await read();
            if (done(answer) || DateTime.UtcNow >= deadline) return answer;
            await Task.Delay(50);
        }
    }
}

/// <summary>Tests that share one twin; they run one at a time and never move its clock.</summary>
[CollectionDefinition(Name)]
public sealed class SharedTwin : ICollectionFixture<TwinFixture>
{
    public const string Name = "Twin";
}

/// <summary>Tests that move the city clock get a twin of their own, so the shared one keeps its time.</summary>
[CollectionDefinition(Name)]
public sealed class MovingClockTwin : ICollectionFixture<TwinFixture>
{
    public const string Name = "Twin with a moving clock";
}
