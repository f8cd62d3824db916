using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartCity.TestSupport;

namespace SmartCity.Silo.Tests.Restart;

/// <summary>The twin's state survives a stop (SIGTERM) and a start on the same SQLite file.</summary>
[Collection(Cluster.RealProcessesAlone.Name)]
public sealed class RestartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smartcity-restart-").FullName;

    [Fact]
    public async Task Bay_set_occupied_is_still_occupied_after_SIGTERM_and_restart()
    {
        string database = Path.Combine(_folder, "twin.db");
        const string bay = "bay:XH-0003-11";
        var observedAt = DateTimeOffset.UtcNow.AddSeconds(-5);

        await using (var first = await SiloProcess.StartAsync(database))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress }.AsAdmin();
            using var post = await http.PostAsJsonAsync("/api/readings", new[]
            {
                new { readingId = "restart-1", entityId = bay, type = "occupancy", value = true, observedAt },
            });
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            Assert.Equal("occupied", await StatusOf(http, bay));
            await first.StopAsync();
            Assert.Equal(0, first.ExitCode);
        }

        await using var second = await SiloProcess.StartAsync(database);
        using var again = new HttpClient { BaseAddress = second.BaseAddress }.AsAdmin();
        Assert.Equal("occupied", await StatusOf(again, bay));

        // The grid cell's summary was stored too: the bay counts as occupied there without any new reading.
        var cell = await again.GetFromJsonAsync<JsonElement>($"/api/grids/grid:XH-0003");
        Assert.Equal(1, cell.GetProperty("summary").GetProperty("bays").GetProperty("occupied").GetInt32());

        // Starting again seeds nothing twice: the city is exactly as big as before.
        var city = await again.GetFromJsonAsync<JsonElement>("/api/city");
        Assert.Equal(400, city.GetProperty("gridCells").GetInt32());
        Assert.Equal(20_000, city.GetProperty("bays").GetProperty("total").GetInt32());

        // The same reading sent again after the restart is recognised as a duplicate.
        using var repeat = await again.PostAsJsonAsync("/api/readings", new[]
        {
            new { readingId = "restart-1", entityId = bay, type = "occupancy", value = true, observedAt },
        });
        var results = await repeat.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("duplicate", results.GetProperty("results")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Bay_reading_survives_a_crash_once_the_write_behind_interval_has_passed()
    {
        // Sensor-driven state is written behind: a crash loses at most Twin:WriteBehindInterval.
        string database = Path.Combine(_folder, "crash.db");
        const string bay = "bay:GS-0005-03";
        string[] oneSecondWriteBehind = ["--Twin:WriteBehindInterval=00:00:01"];

        await using (var first = await SiloProcess.StartAsync(database, oneSecondWriteBehind))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress }.AsAdmin();
            using var post = await http.PostAsJsonAsync("/api/readings", new[]
            {
                new { readingId = "crash-1", entityId = bay, type = "occupancy", value = true, observedAt = DateTimeOffset.UtcNow.AddSeconds(-1) },
            });
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(5)); // the interval, with a wide margin for a busy machine
            await first.CrashAsync();
        }

        await using var second = await SiloProcess.StartAsync(database, oneSecondWriteBehind);
        using var again = new HttpClient { BaseAddress = second.BaseAddress }.AsAdmin();
        Assert.Equal("occupied", await StatusOf(again, bay));
    }

    [Fact]
    public async Task The_event_log_gets_a_seed_event_at_the_first_start_and_again_only_when_the_rules_change()
    {
        string database = Path.Combine(_folder, "seeds.db");
        foreach (var (settings, expected) in new (string[], int)[] { ([], 1), ([], 1), (["--Reports:EscalationLevels=1"], 2) })
        {
            await using var silo = await SiloProcess.StartAsync(database, settings);
            using var http = new HttpClient { BaseAddress = silo.BaseAddress }.AsAdmin();
            await SeedEventsAsync(http, expected);
            // Give a wrongly repeated seed event time to show up too.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var seeds = await SeedEventsAsync(http, expected);
            Assert.Equal(expected, seeds.Count);
            var last = seeds[^1].GetProperty("data");
            Assert.Equal(400, last.GetProperty("gridCells").GetInt32());
            Assert.Equal(expected == 1 ? 2 : 1, last.GetProperty("settings").GetProperty("reports").GetProperty("escalationLevels").GetInt32());
            Assert.Matches("^[0-9a-f]{64}$", last.GetProperty("fingerprint").GetString());
            await silo.StopAsync();
        }
    }

    /// <summary>The seed events in the log, once the start has logged at least <paramref name="atLeast"/> (it does so just after starting).</summary>
    private static async Task<List<JsonElement>> SeedEventsAsync(HttpClient http, int atLeast)
    {
        for (int attempt = 0; ; attempt++)
        {
            var events = await http.GetFromJsonAsync<List<JsonElement>>("/api/history/city");
            if (events!.Count >= atLeast || attempt == 100) return events;
            await Task.Delay(100);
        }
    }

    private static async Task<string?> StatusOf(HttpClient http, string bay) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/parking/bays/{bay}")).GetProperty("status").GetString();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned up by the OS.
        }
    }
}
