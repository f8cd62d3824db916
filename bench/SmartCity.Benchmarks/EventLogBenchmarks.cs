using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SmartCity.Grains.City;
using SmartCity.Grains.Events;
using SmartCity.Silo.Storage;
using SmartCity.Simulator.Replay;
using SmartCity.TestSupport;

namespace SmartCity.Benchmarks;

/// <summary>
/// The event log issue's figures: appends to the SQLite event log against plain SQLite inserts of
/// the same rows, and an in-process replay at --max against posting the same readings straight to
/// the same kind of twin (no pacing, no virtual clock, no bookkeeping).
/// </summary>
public sealed class EventLogBenchmarks(CityMap city, TimeSpan phase, string folder)
{
    private const int Appenders = 8;
    private const int AppendBatch = 100;
    private const int ReplayEvents = 100_000;
    private const int ReplayBatch = 1000;
    private const int ReplayWorkers = 4;
    private static readonly string[] PlainColumns = ["$type", "$entity", "$district", "$grid", "$time", "$logged", "$payload"];

    public async Task LogAppendAsync(BenchmarkReport report)
    {
        var events = Enumerable.Range(0, AppendBatch).Select(i => ReadingEvent(i)).ToArray();
        double baseline = PlainSqliteInserts(Path.Combine(folder, "plain.db"), events);

        using var log = new SqliteEventLog(Path.Combine(folder, "bench-events.db"), TimeProvider.System);
        long appended = 0;
        var stopAt = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Appenders).Select(_ => Task.Run(async () =>
        {
            while (stopAt.Elapsed < phase)
            {
                await log.AppendAsync(events);
                Interlocked.Add(ref appended, AppendBatch);
            }
        })));
        double measured = appended / stopAt.Elapsed.TotalSeconds;
        report.Add(new BenchmarkLine(
            $"event log: appends of {AppendBatch} from {Appenders} callers (group commit)",
            Invariant($"{measured:N0} events/s, each caller answered once its events were durable"),
            Invariant($"{baseline:N0} rows/s: the same rows inserted into a bare SQLite table, {Appenders * AppendBatch} per transaction, one writer"),
            measured / baseline, "none set; ingest must not collapse", null));
    }

    public async Task ReplayAsync(BenchmarkReport report)
    {
        string file = Path.Combine(folder, "replay.jsonl");
        var start = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var bays = city.Definition.ParkingBays;
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, ReplayEvents).Select(i => JsonSerializer.Serialize(new
        {
            type = "reading",
            entityId = bays[i % bays.Count].Id,
            eventTime = start.AddSeconds(i),
            data = new { readingId = Invariant($"replay-{i}"), type = "occupancy", value = i / bays.Count % 2, observedAt = start.AddSeconds(i) },
        })));
        var events = EventFile.Read(file).Events;
        // One earlier reading per bay first, so that neither run pays for activating 20,000 grains.
        var warmUp = bays.Select((bay, i) => new ReplayEvent(0, "reading", bay.Id, start.AddDays(-1), JsonSerializer.SerializeToElement(
            new { readingId = Invariant($"warm-{i}"), type = "occupancy", value = 0, observedAt = start.AddDays(-1) }))).ToArray();

        // Baseline: the same readings in the same batches straight to POST /api/readings of a fresh twin.
        double baseline;
        await using (var plain = await InProcessTwin.StartAsync([], events[^1].EventTime))
        {
            using var http = new HttpClient { BaseAddress = plain.Address }.SignedIn(plain.Token);
            var client = new TwinClient(http);
            await WarmUpAsync(client, warmUp);
            var batches = events.Chunk(ReplayBatch).ToArray();
            int next = -1;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, ReplayWorkers).Select(_ => Task.Run(async () =>
            {
                var latencies = new List<double>();
                for (int b; (b = Interlocked.Increment(ref next)) < batches.Length;) await client.PostReadingsAsync(batches[b], latencies, default);
            })));
            baseline = events.Count / clock.Elapsed.TotalSeconds;
        }

        await using var twin = await InProcessTwin.StartAsync([], start.AddDays(-1));
        using var replayHttp = new HttpClient { BaseAddress = twin.Address }.SignedIn(twin.Token);
        await WarmUpAsync(new TwinClient(replayHttp), warmUp);
        var tally = await new ReplayRun(new TwinClient(replayHttp), new ReplayPace(null, ReplayBatch, ReplayWorkers), twin)
            .RunAsync(events, null, default);
        double measured = tally.EventsSent / tally.Elapsed.TotalSeconds;
        report.Add(new BenchmarkLine(
            $"replay --max in process: {ReplayEvents:N0} bay readings, batches of {ReplayBatch}, {ReplayWorkers} workers, bays active",
            Invariant($"{measured:N0} events/s (p99 {tally.Latency.P99:F1} ms, {tally.Errors} errors)"),
            Invariant($"{baseline:N0} readings/s: the same batches posted straight to a fresh twin"),
            measured / baseline, "none set", tally.Errors == 0 ? null : false));
    }

    private static async Task WarmUpAsync(TwinClient client, ReplayEvent[] readings)
    {
        var latencies = new List<double>();
        foreach (var batch in readings.Chunk(ReplayBatch)) await client.PostReadingsAsync(batch, latencies, default);
    }

    private static NewEvent ReadingEvent(int i)
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(i);
        string payload = Invariant($$"""{"readingId":"bench-{{i}}","type":"occupancy","value":{{i % 2}},"observedAt":"{{at:O}}","outcome":"applied"}""");
        return new NewEvent(EventTypes.Reading, Invariant($"bay:SC-{i % 400 + 1:0000}-01"), "district:1", "grid:1", at, payload);
    }

    /// <summary>Rows per second into a table with the event log's columns and no index, in the same WAL mode.</summary>
    private double PlainSqliteInserts(string path, NewEvent[] events)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
                CREATE TABLE Plain (Sequence INTEGER PRIMARY KEY, Type TEXT, EntityId TEXT, DistrictId TEXT, GridCellId TEXT,
                    EntityVersion INTEGER, EventTime INTEGER, LoggedAt INTEGER, Payload TEXT);
                """;
            setup.ExecuteNonQuery();
        }
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO Plain VALUES (NULL, $type, $entity, $district, $grid, NULL, $time, $logged, $payload);";
        var parameters = PlainColumns.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
        insert.Prepare();
        long rows = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < phase)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (int copy = 0; copy < Appenders; copy++)
            {
                foreach (var e in events)
                {
                    parameters[0].Value = e.Type;
                    parameters[1].Value = e.EntityId;
                    parameters[2].Value = e.DistrictId;
                    parameters[3].Value = e.GridCellId;
                    parameters[4].Value = e.EventTime.UtcTicks;
                    parameters[5].Value = DateTimeOffset.UtcNow.UtcTicks;
                    parameters[6].Value = e.Payload;
                    insert.ExecuteNonQuery();
                }
            }
            transaction.Commit();
            rows += Appenders * events.Length;
        }
        return rows / clock.Elapsed.TotalSeconds;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
