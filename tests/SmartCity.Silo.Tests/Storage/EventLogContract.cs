using Microsoft.Extensions.Time.Testing;
using SmartCity.Grains.Events;
using SmartCity.Silo.Storage;

namespace SmartCity.Silo.Tests.Storage;

/// <summary>What every event log must do, run against each implementation.</summary>
public abstract class EventLogContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(T0.AddMinutes(1));

    protected abstract IEventLog Log { get; }

    protected static NewEvent Reading(string entity, int n, string? district = "district:XH") =>
        new(EventTypes.Reading, entity, district, district is null ? null : "grid:XH-0001", T0.AddSeconds(n), $$"""{"n":{{n}}}""");

    [Fact]
    public async Task Appended_events_come_back_in_order_with_every_field_and_consecutive_sequences()
    {
        var sequences = await Log.AppendAsync([Reading("bay:XH-0001-01", 1), Reading("bay:XH-0001-02", 2, district: null)]);

        var read = await Log.ReadAsync(new EventQuery(10));
        Assert.Equal([1L, 2L], sequences);
        Assert.Equal(2, Log.LastSequence);
        Assert.Equal(
            [
                new LoggedEvent(1, EventTypes.Reading, "bay:XH-0001-01", "district:XH", "grid:XH-0001", T0.AddSeconds(1), Time.GetUtcNow(), """{"n":1}"""),
                new LoggedEvent(2, EventTypes.Reading, "bay:XH-0001-02", null, null, T0.AddSeconds(2), Time.GetUtcNow(), """{"n":2}"""),
            ],
            read);
    }

    [Fact]
    public async Task Concurrent_appends_are_all_logged_exactly_once_and_in_order_per_caller()
    {
        const int callers = 40, perCaller = 50;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            // Each caller is one sensor: its readings go in one by one, in order.
            for (int n = 0; n < perCaller; n++) await Log.AppendAsync([Reading($"bay:XH-0001-{c:00}", n)]);
        })));

        var all = await Log.ReadAsync(new EventQuery(int.MaxValue));
        Assert.Equal(Enumerable.Range(1, callers * perCaller).Select(i => (long)i), all.Select(e => e.Sequence));
        foreach (var entity in all.GroupBy(e => e.EntityId))
        {
            Assert.Equal(Enumerable.Range(0, perCaller).Select(n => $$"""{"n":{{n}}}"""), entity.Select(e => e.Payload));
        }
    }

    [Fact]
    public async Task Reads_filter_by_entity_type_event_time_and_position()
    {
        await Log.AppendAsync([.. Enumerable.Range(1, 10).Select(n => Reading(n % 2 == 0 ? "bay:even" : "bay:odd", n))]);
        await Log.AppendAsync([new NewEvent(EventTypes.Report, "report:261125-ABCDEF", "district:XH", "grid:XH-0001", T0.AddSeconds(5), "{}")]);

        Assert.Equal([2L, 4, 6, 8, 10], (await Log.ReadAsync(new EventQuery(100, EntityId: "bay:even"))).Select(e => e.Sequence));
        Assert.Equal([11L], (await Log.ReadAsync(new EventQuery(100, Type: EventTypes.Report))).Select(e => e.Sequence));
        Assert.Equal([3L, 4, 5, 11], (await Log.ReadAsync(new EventQuery(100, From: T0.AddSeconds(3), To: T0.AddSeconds(5)))).Select(e => e.Sequence));
        Assert.Equal([8L, 9], (await Log.ReadAsync(new EventQuery(2, AfterSequence: 7))).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Entity_version_logged_once_however_often_it_is_appended()
    {
        NewEvent Step(int version) => new(EventTypes.Report, "report:261125-ABCDEF", "district:XH", "grid:XH-0001", T0.AddMinutes(version), $$"""{"step":{{version}}}""", version);
        await Log.AppendAsync([Step(1), Step(2)]);

        // The report is not sure its steps reached the log (a crash came between): it sends all again.
        var again = await Log.AppendAsync([Step(1), Step(2), Step(3)]);

        Assert.Equal([0L, 0L, 3L], again);
        Assert.Equal([1, 2, 3], (await Log.ReadAsync(new EventQuery(10))).Select(e => e.EntityVersion!.Value));
    }

    [Fact]
    public async Task Empty_append_logs_nothing()
    {
        Assert.Empty(await Log.AppendAsync([]));
        Assert.Equal(0, Log.LastSequence);
    }
}

public sealed class InMemoryEventLogTests : EventLogContract
{
    public InMemoryEventLogTests() => Log = new InMemoryEventLog(Time);

    protected override IEventLog Log { get; }
}

public sealed class SqliteEventLogTests : EventLogContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smartcity-events-").FullName;
    private SqliteEventLog _log;

    public SqliteEventLogTests() => _log = new SqliteEventLog(DbPath, Time);

    private string DbPath => Path.Combine(_folder, "events.db");

    protected override IEventLog Log => _log;

    [Fact]
    public async Task Log_reopened_on_its_file_keeps_its_events_and_numbering()
    {
        await _log.AppendAsync([Reading("bay:XH-0001-01", 1), Reading("bay:XH-0001-01", 2)]);
        _log.Dispose();

        _log = new SqliteEventLog(DbPath, Time);

        Assert.Equal(2, _log.LastSequence);
        var third = await _log.AppendAsync([Reading("bay:XH-0001-01", 3)]);
        Assert.Equal([3L], third);
        Assert.Equal(3, (await _log.ReadAsync(new EventQuery(10, EntityId: "bay:XH-0001-01"))).Count);
    }

    [Fact]
    public async Task Appends_queued_when_the_log_closes_are_still_written()
    {
        var pending = Enumerable.Range(0, 200).Select(n => _log.AppendAsync([Reading("bay:XH-0001-01", n)])).ToArray();
        _log.Dispose();

        await Task.WhenAll(pending);
        _log = new SqliteEventLog(DbPath, Time);
        Assert.Equal(200, _log.LastSequence);
    }

    [Fact]
    public async Task Failed_commit_fails_its_callers_and_the_log_carries_on()
    {
        // Someone else's row where the log's next one goes: the commit cannot succeed.
        Sql("INSERT INTO EventLog (Sequence, Type, EntityId, EventTime, LoggedAt, Payload) VALUES (1, 'reading', 'x', '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z', '{}');");

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => _log.AppendAsync([Reading("bay:XH-0001-01", 1)]));
        Assert.Equal(0, _log.LastSequence);

        Sql("DELETE FROM EventLog;");
        var retried = await _log.AppendAsync([Reading("bay:XH-0001-01", 1)]);
        Assert.Equal([1L], retried);
    }

    private void Sql(string text)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(SqliteDatabase.ConnectionString(DbPath));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = text;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _log.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
