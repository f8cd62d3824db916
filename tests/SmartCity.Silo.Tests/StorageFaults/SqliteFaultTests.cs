using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using SmartCity.Silo.Tests.Cluster;
using SmartCity.Silo.Tests.Restart;
using SmartCity.TestSupport;

namespace SmartCity.Silo.Tests.StorageFaults;

/// <summary>
/// The twin's SQLite files on a disk that fills up or is moved away under a running silo process:
/// writes answer 503 with Retry-After (never 500), the twin recovers by itself once the disk is back,
/// and afterwards every report a citizen got 201 for, and every reading answered 200, is in the event
/// log, and both files pass SQLite's integrity check.
/// </summary>
public sealed class SqliteFaultTests
{
    [Fact]
    public Task Full_disk_answers_503_and_recovers_when_space_returns() => SurviveAsync(async disk =>
    {
        string filler = await disk.FillAsync();
        return () =>
        {
            File.Delete(filler);
            return Task.CompletedTask;
        };
    });

    /// <summary>
    /// The folder moved away under the running twin (an operator's mistake, a volume detached): connections
    /// already open keep writing to the moved files, new ones cannot open the path. Either way a client
    /// hears 201/200 or 503, never 500, and once the folder is back nothing accepted is missing.
    /// </summary>
    [Fact]
    public Task Data_folder_moved_away_answers_503_or_keeps_writing_and_loses_nothing() => SurviveAsync(disk =>
    {
        string data = Path.Combine(disk.Path, "data"), away = Path.Combine(disk.Path, "data.gone");
        Directory.Move(data, away);
        return Task.FromResult<Func<Task>>(() =>
        {
            Directory.Move(away, data);
            return Task.CompletedTask;
        });
    }, mustRefuse: false);

    /// <summary>Files and sends before, during and after the fault that <paramref name="breakDisk"/> makes (it returns the repair).</summary>
    private static async Task SurviveAsync(Func<TmpfsFolder, Task<Func<Task>>> breakDisk, bool mustRefuse = true)
    {
        await using var disk = await TmpfsFolder.MountAsync(megabytes: 48);
        string database = Path.Combine(disk.Path, "data", "twin.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        var load = new StorageLoad();
        await using (var silo = await SiloProcess.StartAsync(database, "--Reports:DeadlineRecheck=00:00:01", "--Reminders:MinimumPeriod=00:00:01"))
        {
            using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }.AsAdmin();
            Assert.Equal(HttpStatusCode.Created, await load.FileReportAsync(http));

            var repair = await breakDisk(disk);
            var during = new List<HttpStatusCode>();
            for (int i = 0; i < 10; i++)
            {
                during.Add(await load.FileReportAsync(http));
                during.Add(await load.SendReadingsAsync(http));
            }
            await repair();
            var recovered = await load.UntilAcceptedAsync(http, TimeSpan.FromSeconds(60));

            Assert.All(during, status => Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{status}\n{silo.RecentOutput}"));
            if (mustRefuse) Assert.Contains(HttpStatusCode.ServiceUnavailable, during);
            Assert.True(load.AllServiceUnavailableHadRetryAfter);
            Assert.True(recovered, silo.RecentOutput);
            await load.AssertEverythingAcceptedIsLoggedAsync(http, TimeSpan.FromSeconds(30));
            await silo.StopAsync();
        }
        Assert.Equal("ok", IntegrityCheck(database));
        Assert.Equal("ok", IntegrityCheck(Path.Combine(disk.Path, "data", "events.db")));
    }

    private static string? IntegrityCheck(string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        return check.ExecuteScalar() as string;
    }
}

/// <summary>Reports and reading batches sent to a twin, and which of them it accepted.</summary>
public sealed class StorageLoad
{
    private readonly List<string> _reports = [];
    private readonly List<string> _readings = [];
    private int _sequence;

    public bool AllServiceUnavailableHadRetryAfter { get; private set; } = true;

    public int AcceptedReports => _reports.Count;

    public int AcceptedReadings => _readings.Count;

    public async Task<HttpStatusCode> FileReportAsync(HttpClient http)
    {
        int n = Interlocked.Increment(ref _sequence);
        var cell = TwinLoad.City.GridCells[n % TwinLoad.City.GridCells.Count];
        using var response = await http.PostAsJsonAsync("/api/reports", new
        {
            category = "garbage",
            description = $"Storage fault report {n}",
            location = new { lat = cell.Boundary.Centroid.Lat, lon = cell.Boundary.Centroid.Lon },
            contact = new { phone = "13700000000" },
        });
        if (response.StatusCode == HttpStatusCode.Created)
        {
            var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            lock (_reports) _reports.Add(body.GetProperty("id").GetString()!);
        }
        Note(response);
        return response.StatusCode;
    }

    public async Task<HttpStatusCode> SendReadingsAsync(HttpClient http, int count = 20)
    {
        int n = Interlocked.Increment(ref _sequence);
        var now = DateTimeOffset.UtcNow;
        var readings = Enumerable.Range(0, count).Select(i => new
        {
            readingId = $"fault-{n}-{i}",
            entityId = TwinLoad.City.ParkingBays[(n * count + i) % TwinLoad.City.ParkingBays.Count].Id,
            type = "occupancy",
            value = (n + i) % 2 == 0,
            observedAt = now,
        }).ToList();
        using var response = await http.PostAsJsonAsync("/api/readings", readings);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            lock (_readings) _readings.AddRange(readings.Select(r => r.readingId));
        }
        Note(response);
        return response.StatusCode;
    }

    /// <summary>Files and sends until both are accepted, waiting as Retry-After says.</summary>
    public async Task<bool> UntilAcceptedAsync(HttpClient http, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await FileReportAsync(http) == HttpStatusCode.Created && await SendReadingsAsync(http) == HttpStatusCode.OK) return true;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return false;
    }

    /// <summary>Every 201 report and every reading of a 200 batch is in the log (a report's own retry may take a few seconds).</summary>
    public async Task AssertEverythingAcceptedIsLoggedAsync(HttpClient http, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var logged = await LoggedEvents.ReadAsync(http);
            var missingReports = _reports.Where(id => !logged.SubmittedReports.Contains(id)).ToList();
            var missingReadings = _readings.Where(id => !logged.Readings.ContainsKey(id)).ToList();
            var repeated = logged.Readings.Where(r => r.Value > 1).Select(r => r.Key).ToList();
            Assert.Empty(repeated);
            if (missingReports.Count == 0 && missingReadings.Count == 0) return;
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Accepted but not logged: reports {string.Join(", ", missingReports.Take(10))} ({missingReports.Count}); readings {string.Join(", ", missingReadings.Take(10))} ({missingReadings.Count}).");
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private void Note(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is null) AllServiceUnavailableHadRetryAfter = false;
    }
}
