using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SmartCity.Grains.Events;
using SmartCity.Grains.Readings;
using SmartCity.Silo.Storage;

namespace SmartCity.Silo.Tests.Storage;

/// <summary>
/// An entity's state at a past time, folded from each event log with snapshots every few events:
/// always the same as folding every event, however the events arrived.
/// </summary>
public abstract class EntityTimelineContract
{
    protected const string Entity = "facility:XH-0001-toilet";
    protected static readonly DateTimeOffset T0 = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);
    private static readonly string[] Types = ["occupancy", "status", "queueLength"];

    protected FakeTimeProvider Time { get; } = new(T0.AddHours(1));

    protected abstract IEventLog Log { get; }

    /// <summary>What was appended, with the sequence the log gave it: the brute-force fold's input.</summary>
    protected List<(long Sequence, NewEvent Event)> Appended { get; } = [];

    /// <summary>A reading event as ReadingIngest logs it.</summary>
    protected static NewEvent Reading(string type, int value, DateTimeOffset observedAt, string? readingId = null)
    {
        string payload = JsonSerializer.Serialize(new { readingId = readingId ?? Guid.NewGuid().ToString("N"), type, value, observedAt, outcome = "applied" });
        return new NewEvent(EventTypes.Reading, Entity, "district:XH", "grid:XH-0001", observedAt, payload);
    }

    protected async Task AppendAsync(params NewEvent[] events)
    {
        var sequences = await Log.AppendAsync(events);
        Appended.AddRange(sequences.Zip(events));
    }

    /// <summary>100 readings of three types over one minute, many at the same second, arriving in no order, ten per append.</summary>
    protected async Task AppendHundredReadingsAsync()
    {
        var random = new Random(20261125);
        var events = Enumerable.Range(0, 100)
            .Select(_ => Reading(Types[random.Next(Types.Length)], random.Next(0, 50), T0.AddSeconds(random.Next(0, 60))))
            .ToArray();
        foreach (var chunk in events.Chunk(10)) await AppendAsync(chunk);
    }

    /// <summary>The state at a time computed the plain way: per type, the latest observation up to then, the first logged of a tie.</summary>
    protected Dictionary<ReadingType, LatestReading> BruteForce(DateTimeOffset time) =>
        Appended.Where(a => a.Event.EventTime <= time)
            .Select(a => (a.Sequence, Reading: JsonDocument.Parse(a.Event.Payload).RootElement))
            .Select(a => (Type: Enum.Parse<ReadingType>(a.Reading.GetProperty("type").GetString()!, ignoreCase: true),
                Latest: new LatestReading(a.Reading.GetProperty("value").GetInt32(), a.Reading.GetProperty("observedAt").GetDateTimeOffset(),
                    a.Reading.GetProperty("readingId").GetString()!, a.Sequence)))
            .GroupBy(r => r.Type)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Latest.ObservedAt).ThenBy(r => r.Latest.Sequence).First().Latest);

    private static readonly DateTimeOffset[] Times =
        [T0.AddSeconds(-1), T0.AddSeconds(10), T0.AddSeconds(29.5), T0.AddSeconds(30), T0.AddSeconds(59), T0.AddMinutes(5)];

    [Fact]
    public async Task State_at_each_time_equals_the_fold_of_every_event_up_to_it_first_and_from_snapshots_later()
    {
        await AppendHundredReadingsAsync();
        var timeline = new EntityTimeline(Log, snapshotEvery: 10);

        var first = new List<FoldedState<SensorStateFold>>();
        foreach (var time in Times) first.Add(await timeline.SensorStateAtAsync(Entity, time));
        var again = new List<FoldedState<SensorStateFold>>();
        foreach (var time in Times) again.Add(await timeline.SensorStateAtAsync(Entity, time));

        for (int i = 0; i < Times.Length; i++)
        {
            var expected = BruteForce(Times[i]);
            Assert.Equal(expected, first[i].State.Latest);
            Assert.Equal(expected, again[i].State.Latest);
            Assert.Equal(Appended.Count(a => a.Event.EventTime <= Times[i]), again[i].EventsFolded);
        }
        Assert.Empty(first[0].State.Latest);
        Assert.Null(first[0].State.LastHeardAt);
        Assert.Null(first[1].Snapshot); // the first fold had none to start from...
        Assert.All(again.Skip(1), answer => Assert.NotNull(answer.Snapshot)); // ...it and the others left them
        Assert.True(again[^1].Snapshot!.EventsFolded >= 90, $"The latest snapshot holds {again[^1].Snapshot!.EventsFolded} events.");
    }

    [Fact]
    public async Task Late_event_inside_a_snapshot_removes_it_and_the_answers_take_the_event_in()
    {
        await AppendHundredReadingsAsync();
        var timeline = new EntityTimeline(Log, snapshotEvery: 10);
        await timeline.SensorStateAtAsync(Entity, T0.AddMinutes(5));
        var before = await timeline.SensorStateAtAsync(Entity, T0.AddMinutes(5));
        Assert.NotNull(before.Snapshot);

        // A reading from 12.5 s that arrives now, after every other; no other reading has that time.
        var lateTime = T0.AddSeconds(12.5);
        await AppendAsync(Reading("occupancy", 77, lateTime));

        var latest = await Log.FindSnapshotAsync(Entity, DateTimeOffset.MaxValue);
        Assert.True(latest is null || latest.UpTo < lateTime, $"A snapshot up to {latest?.UpTo:O} survived an event from {lateTime:O}.");
        foreach (var time in Times.Append(lateTime))
        {
            var answer = await timeline.SensorStateAtAsync(Entity, time);
            Assert.Equal(BruteForce(time), answer.State.Latest);
            Assert.Equal(Appended.Count(a => a.Event.EventTime <= time), answer.EventsFolded);
        }
        Assert.Equal(77, (await timeline.SensorStateAtAsync(Entity, lateTime)).State.Latest[ReadingType.Occupancy].Value);
    }

    [Fact]
    public async Task Snapshot_is_not_kept_when_an_event_it_should_hold_was_logged_after_its_fold_read_the_log()
    {
        await AppendAsync([.. Enumerable.Range(0, 20).Select(n => Reading("occupancy", n % 2, T0.AddSeconds(n)))]);
        var fold = new SensorStateFold();
        long readUpTo = Log.LastSequence;
        foreach (var e in await Log.ReadTimelineAsync(Entity, TimelinePosition.Start, T0.AddSeconds(30), 100)) fold.Apply(e);

        // Logged while the fold was busy: one inside its span, one after it.
        await AppendAsync(Reading("occupancy", 1, T0.AddSeconds(40)));
        Assert.True(await Log.SaveSnapshotAsync(new EntitySnapshot(Entity, T0.AddSeconds(30), readUpTo, fold.ToJson(), 20)));
        await AppendAsync(Reading("occupancy", 1, T0.AddSeconds(2.5)));
        var kept = await Log.FindSnapshotAsync(Entity, T0.AddMinutes(1));
        bool savedLate = await Log.SaveSnapshotAsync(new EntitySnapshot(Entity, T0.AddSeconds(20), readUpTo, fold.ToJson(), 20));

        Assert.Null(kept); // the late event removed the one that was kept
        Assert.False(savedLate);
        Assert.Null(await Log.FindSnapshotAsync(Entity, T0.AddMinutes(1)));
    }

    [Fact]
    public async Task Timeline_pages_in_event_time_order_with_ties_in_log_order()
    {
        await AppendHundredReadingsAsync();
        await AppendAsync(new NewEvent(EventTypes.Reading, "bay:elsewhere", null, null, T0.AddSeconds(5), "{}"));

        var read = await ReadWholeTimelineAsync(T0.AddSeconds(45), pageSize: 7);

        var expected = Appended.Where(a => a.Event.EntityId == Entity && a.Event.EventTime <= T0.AddSeconds(45))
            .OrderBy(a => a.Event.EventTime).ThenBy(a => a.Sequence).Select(a => a.Sequence);
        Assert.Equal(expected, read.Select(e => e.Sequence));
    }

    protected async Task<List<LoggedEvent>> ReadWholeTimelineAsync(DateTimeOffset upTo, int pageSize)
    {
        var read = new List<LoggedEvent>();
        var after = TimelinePosition.Start;
        while (true)
        {
            var page = await Log.ReadTimelineAsync(Entity, after, upTo, pageSize);
            read.AddRange(page);
            if (page.Count < pageSize) return read;
            after = TimelinePosition.Of(page[^1]);
        }
    }
}

public sealed class InMemoryEntityTimelineTests : EntityTimelineContract
{
    public InMemoryEntityTimelineTests() => Log = new InMemoryEventLog(Time);

    protected override IEventLog Log { get; }
}

public sealed class SqliteEntityTimelineTests : EntityTimelineContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smartcity-timeline-").FullName;
    private SqliteEventLog _log;

    public SqliteEntityTimelineTests() => _log = new SqliteEventLog(DbPath, Time);

    private string DbPath => Path.Combine(_folder, "events.db");

    protected override IEventLog Log => _log;

    [Fact]
    public async Task Timeline_reads_the_indexed_events_and_the_tail_not_indexed_yet_as_one()
    {
        await AppendHundredReadingsAsync();
        Reopen(); // a closing log indexes everything it wrote
        await AppendAsync([.. Enumerable.Range(0, 30).Select(n => Reading("status", 0, T0.AddSeconds(n * 2)))]);

        var read = await ReadWholeTimelineAsync(DateTimeOffset.MaxValue, pageSize: 9);

        // (Unless the writer found a quiet moment to index the last 30 meanwhile: the answer is the same.)
        Assert.Equal(Appended.OrderBy(a => a.Event.EventTime).ThenBy(a => a.Sequence).Select(a => a.Sequence), read.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Log_from_before_the_event_time_index_gets_it_filled_at_start()
    {
        await AppendHundredReadingsAsync();
        _log.Dispose();
        Sql("DROP TABLE EventLogEntityTime;");

        _log = new SqliteEventLog(DbPath, Time);

        Assert.Equal(100, Sql("SELECT COUNT(*) FROM EventLogEntityTime;"));
        Assert.Equal(100, (await ReadWholeTimelineAsync(DateTimeOffset.MaxValue, pageSize: 50)).Count);
        Reopen(); // and only once: the table is filled, the start after adds nothing
        Assert.Equal(100, Sql("SELECT COUNT(*) FROM EventLogEntityTime;"));
    }

    [Fact]
    public async Task Reopened_log_still_removes_snapshots_a_late_event_falls_inside()
    {
        await AppendHundredReadingsAsync();
        await new EntityTimeline(_log, snapshotEvery: 10).SensorStateAtAsync(Entity, T0.AddMinutes(5));
        Assert.NotNull(await _log.FindSnapshotAsync(Entity, T0.AddMinutes(5)));
        Reopen();

        await AppendAsync(Reading("occupancy", 5, T0.AddSeconds(-30)));

        Assert.Null(await _log.FindSnapshotAsync(Entity, T0.AddMinutes(5)));
        var answer = await new EntityTimeline(_log, snapshotEvery: 10).SensorStateAtAsync(Entity, T0.AddMinutes(5));
        Assert.Equal(BruteForce(T0.AddMinutes(5)), answer.State.Latest);
    }

    private void Reopen()
    {
        _log.Dispose();
        _log = new SqliteEventLog(DbPath, Time);
    }

    private long Sql(string text)
    {
        using var connection = new SqliteConnection(SqliteDatabase.ConnectionString(DbPath));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = text;
        return command.ExecuteScalar() is long value ? value : 0;
    }

    public void Dispose()
    {
        _log.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
