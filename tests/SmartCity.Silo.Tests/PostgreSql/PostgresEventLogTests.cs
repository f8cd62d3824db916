using System.Collections.Concurrent;
using Npgsql;
using SmartCity.Grains.Events;
using SmartCity.Silo.Storage;
using SmartCity.Silo.Tests.Storage;

namespace SmartCity.Silo.Tests.PostgreSql;

/// <summary>A fresh database with the event log's tables, made as deploy/sql/postgresql/04-events.sql says.</summary>
internal static class EventLogDatabase
{
    private static string Script => Path.Combine(AppContext.BaseDirectory, "sql", "postgresql", "04-events.sql");

    public static async Task<NpgsqlDataSource> CreateAsync(PostgresServer server, string name)
    {
        // Test classes share the server: the name only has to say whose database it is.
        string connectionString = await server.CreateDatabaseAsync($"{name}_{Guid.NewGuid():N}");
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await ApplySchemaAsync(dataSource);
        return dataSource;
    }

    public static async Task ApplySchemaAsync(NpgsqlDataSource dataSource)
    {
        await using var apply = dataSource.CreateCommand(await File.ReadAllTextAsync(Script));
        await apply.ExecuteNonQueryAsync();
    }

    /// <summary>Every event, paged by sequence as an export reads them.</summary>
    public static async Task<List<LoggedEvent>> ReadAllAsync(IEventLog log)
    {
        var all = new List<LoggedEvent>();
        while (true)
        {
            var page = await log.ReadAsync(new EventQuery(1000, AfterSequence: all.Count == 0 ? 0 : all[^1].Sequence));
            all.AddRange(page);
            if (page.Count < 1000) return all;
        }
    }
}

[Collection(PostgresCollection.Name)]
// xunit disposes test classes that start asynchronously through IAsyncLifetime.DisposeAsync, which CA1001 does not know.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Disposed in IAsyncLifetime.DisposeAsync.")]
public sealed class PostgresEventLogTests(PostgresFixture postgres) : EventLogContract, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;
    private PostgresEventLog? _log;

    private NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("Not initialized.");

    protected override IEventLog Log => _log ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        _dataSource = await EventLogDatabase.CreateAsync(postgres.Server, "eventlog");
        _log = new PostgresEventLog(_dataSource, Time);
    }

    [Fact]
    public async Task Schema_applied_again_keeps_the_log_as_it_was()
    {
        await Log.AppendAsync([Reading("bay:XH-0001-01", 1)]);

        await EventLogDatabase.ApplySchemaAsync(DataSource);

        var second = await Log.AppendAsync([Reading("bay:XH-0001-01", 2)]);
        Assert.Equal([2L], second);
        Assert.Equal(2, (await Log.ReadAsync(new EventQuery(10))).Count);
    }

    [Fact]
    public async Task Log_opened_again_on_its_database_keeps_its_events_and_numbering()
    {
        await Log.AppendAsync([Reading("bay:XH-0001-01", 1), Reading("bay:XH-0001-01", 2)]);
        await _log!.DisposeAsync();

        _log = new PostgresEventLog(DataSource, Time);

        Assert.Equal(2, _log.LastSequence);
        var third = await _log.AppendAsync([Reading("bay:XH-0001-01", 3)]);
        Assert.Equal([3L], third);
    }

    [Fact]
    public async Task Appends_queued_when_the_log_closes_are_still_written()
    {
        var pending = Enumerable.Range(0, 200).Select(n => Log.AppendAsync([Reading("bay:XH-0001-01", n)])).ToArray();
        await _log!.DisposeAsync();

        await Task.WhenAll(pending);
        _log = new PostgresEventLog(DataSource, Time);
        Assert.Equal(200, _log.LastSequence);
    }

    [Fact]
    public async Task Failed_commit_fails_its_callers_logs_none_of_their_events_and_the_log_carries_on()
    {
        // A rule the database enforces and the second event breaks: the commit cannot succeed.
        await Sql("ALTER TABLE EventLog ADD CONSTRAINT NoSuchBay CHECK (EntityId <> 'bay:XH-0001-02');");

        await Assert.ThrowsAsync<PostgresException>(() => Log.AppendAsync([Reading("bay:XH-0001-01", 1), Reading("bay:XH-0001-02", 2)]));
        Assert.Equal(0, Log.LastSequence);
        Assert.Empty(await Log.ReadAsync(new EventQuery(10)));

        await Sql("ALTER TABLE EventLog DROP CONSTRAINT NoSuchBay;");
        var retried = await Log.AppendAsync([Reading("bay:XH-0001-01", 1), Reading("bay:XH-0001-02", 2)]);
        Assert.Equal([1L, 2L], retried);
    }

    [Fact]
    public async Task Live_listeners_hear_each_logged_event_once_in_sequence_order()
    {
        var broadcast = new EventBroadcast();
        using var listener = broadcast.Listen();
        await using var log = new PostgresEventLog(DataSource, Time, broadcast);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(n => log.AppendAsync([Reading($"bay:XH-0001-{n:00}", n)])));
        await log.AppendAsync([new NewEvent(EventTypes.Report, "report:261125-ABCDEF", null, null, T0, "{}", 1)]);
        await log.AppendAsync([new NewEvent(EventTypes.Report, "report:261125-ABCDEF", null, null, T0, "{}", 1)]);

        var heard = new List<long>();
        while (listener.Events.TryRead(out var e)) heard.Add(e.Sequence);
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), heard);
    }

    private async Task Sql(string text)
    {
        await using var command = DataSource.CreateCommand(text);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_log is not null) await _log.DisposeAsync();
        if (_dataSource is not null) await _dataSource.DisposeAsync();
    }
}

[Collection(PostgresCollection.Name)]
// xunit disposes test classes that start asynchronously through IAsyncLifetime.DisposeAsync, which CA1001 does not know.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Disposed in IAsyncLifetime.DisposeAsync.")]
public sealed class PostgresEntityTimelineTests(PostgresFixture postgres) : EntityTimelineContract, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;
    private PostgresEventLog? _log;

    protected override IEventLog Log => _log ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        _dataSource = await EventLogDatabase.CreateAsync(postgres.Server, "timeline");
        _log = new PostgresEventLog(_dataSource, Time);
    }

    [Fact]
    public async Task Late_event_logged_by_another_silo_removes_the_snapshot_it_falls_inside()
    {
        await AppendHundredReadingsAsync();
        await new EntityTimeline(Log, snapshotEvery: 10).SensorStateAtAsync(Entity, T0.AddMinutes(5));
        Assert.NotNull(await Log.FindSnapshotAsync(Entity, T0.AddMinutes(5)));
        await using var otherSilo = new PostgresEventLog(_dataSource!, Time);

        var late = Reading("occupancy", 5, T0.AddSeconds(-30));
        Appended.AddRange((await otherSilo.AppendAsync([late])).Zip([late]));

        Assert.Null(await Log.FindSnapshotAsync(Entity, T0.AddMinutes(5)));
        var answer = await new EntityTimeline(Log, snapshotEvery: 10).SensorStateAtAsync(Entity, T0.AddMinutes(5));
        Assert.Equal(BruteForce(T0.AddMinutes(5)), answer.State.Latest);
    }

    public async Task DisposeAsync()
    {
        if (_log is not null) await _log.DisposeAsync();
        if (_dataSource is not null) await _dataSource.DisposeAsync();
    }
}

/// <summary>Two logs on one database, each with its own connection pool: two silos of one cluster.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEventLogClusterTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);
    private readonly List<IAsyncDisposable> _owned = [];
    private PostgresEventLog[] _silos = [];

    public async Task InitializeAsync()
    {
        var first = await EventLogDatabase.CreateAsync(postgres.Server, "cluster");
        var second = NpgsqlDataSource.Create(first.ConnectionString);
        _silos = [new PostgresEventLog(first, TimeProvider.System), new PostgresEventLog(second, TimeProvider.System)];
        _owned.AddRange([.. _silos, first, second]);
    }

    [Fact]
    public async Task Two_silos_appending_at_once_log_every_event_once_numbered_in_commit_order_without_gaps()
    {
        const int callersPerSilo = 16, appendsPerCaller = 40;
        using var done = new CancellationTokenSource();
        var seenByReader = ReadAlongAsync(_silos[0], done.Token);

        var sent = new ConcurrentDictionary<string, List<string>>();
        await Task.WhenAll(_silos.SelectMany((silo, s) => Enumerable.Range(0, callersPerSilo).Select(c => Task.Run(async () =>
        {
            string bay = $"bay:S{s}-{c:00}";
            var mine = sent[bay] = [];
            for (int n = 0; n < appendsPerCaller; n++)
            {
                // One to three events per append, so that commits of both silos differ in size.
                var events = Enumerable.Range(0, 1 + (n % 3)).Select(k => Reading(bay, $"{n}.{k}")).ToArray();
                await silo.AppendAsync(events);
                mine.AddRange(events.Select(e => e.Payload));
            }
        }))));
        await done.CancelAsync();
        var seen = await seenByReader;

        var all = await EventLogDatabase.ReadAllAsync(_silos[1]);
        Assert.Equal(Enumerable.Range(1, sent.Values.Sum(p => p.Count)).Select(i => (long)i), all.Select(e => e.Sequence));
        // Each caller appended in turn: all its events are there, once, in its order.
        Assert.Equal(sent.Keys.Order(), all.Select(e => e.EntityId).Distinct().Order());
        foreach (var caller in all.GroupBy(e => e.EntityId)) Assert.Equal(sent[caller.Key], caller.Select(e => e.Payload));
        // A reader that polled by sequence during the appends saw every event, each once.
        Assert.Equal(all.Select(e => e.Sequence), seen);
    }

    [Fact]
    public async Task Same_entity_version_appended_by_both_silos_at_once_is_logged_once()
    {
        var attempts = _silos.SelectMany(silo => Enumerable.Range(0, 20).Select(r => silo.AppendAsync(
            [.. Enumerable.Range(1, 5).Select(v => new NewEvent(EventTypes.Report, $"report:261125-R{r:00}", null, null, T0.AddMinutes(v), $$"""{"step":{{v}}}""", v))])));

        var sequences = (await Task.WhenAll(attempts)).SelectMany(s => s).ToList();

        Assert.Equal(100, sequences.Count(s => s > 0));
        var all = await EventLogDatabase.ReadAllAsync(_silos[0]);
        Assert.Equal(100, all.Select(e => (e.EntityId, e.EntityVersion)).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), all.Select(e => e.Sequence));
    }

    /// <summary>
    /// Polls by sequence, as the live feed's resume does, until told to stop and then once more:
    /// each page must continue exactly where the last ended, or the reader would have skipped an event for good.
    /// </summary>
    private static async Task<List<long>> ReadAlongAsync(PostgresEventLog log, CancellationToken stop)
    {
        await Task.Yield();
        var seen = new List<long>();
        while (true)
        {
            bool last = stop.IsCancellationRequested;
            IReadOnlyList<LoggedEvent> page;
            do
            {
                page = await log.ReadAsync(new EventQuery(100, AfterSequence: seen.Count == 0 ? 0 : seen[^1]), CancellationToken.None);
                foreach (var e in page)
                {
                    Assert.True(e.Sequence == seen.Count + 1, $"After {seen.Count} the reader found {e.Sequence}.");
                    seen.Add(e.Sequence);
                }
            }
            while (page.Count == 100);
            if (last) return seen;
            await Task.Delay(2, CancellationToken.None);
        }
    }

    private static NewEvent Reading(string entity, string tag) =>
        new(EventTypes.Reading, entity, "district:XH", "grid:XH-0001", T0, $$"""{"tag":"{{tag}}"}""");

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned) await owned.DisposeAsync();
    }
}

/// <summary>The database goes away under load and comes back: its own server, so the others' tests go on.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEventLogRestartTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Appends_fail_while_the_server_is_down_succeed_once_it_is_back_and_nothing_accepted_is_lost()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("restart"));
        await EventLogDatabase.ApplySchemaAsync(dataSource);
        await using var log = new PostgresEventLog(dataSource, TimeProvider.System);
        var accepted = new ConcurrentQueue<string>();
        var refused = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();
        var sensors = Enumerable.Range(0, 4).Select(s => Task.Run(() => SensorAsync(log, s, accepted, refused, stop.Token))).ToArray();
        await WaitUntil(() => accepted.Count >= 100);

        await server.StopAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => log.AppendAsync([Reading("bay:outage", "down")]));
        await server.StartAgainAsync();
        var afterRestart = await log.AppendAsync([Reading("bay:outage", "up")]);
        int acceptedByNow = accepted.Count;
        await WaitUntil(() => accepted.Count >= acceptedByNow + 100);
        await stop.CancelAsync();
        await Task.WhenAll(sensors);

        Assert.True(afterRestart[0] > 0);
        var all = await EventLogDatabase.ReadAllAsync(log);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Sequence));
        var logged = all.Select(e => e.Payload).ToList();
        Assert.Equal(logged.Count, logged.Distinct().Count());
        Assert.All(accepted, payload => Assert.Contains(payload, logged));
        Assert.Contains(Reading("bay:outage", "up").Payload, logged);
        Assert.NotEmpty(refused); // the sensors ran into the outage too, and were told
        Assert.All(refused, e => Assert.IsAssignableFrom<NpgsqlException>(e));
    }

    [Fact]
    public async Task Log_and_reads_carry_on_after_a_restart_nobody_noticed()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("quiet_restart"));
        await EventLogDatabase.ApplySchemaAsync(dataSource);
        await using var log = new PostgresEventLog(dataSource, TimeProvider.System);
        await log.AppendAsync([Reading("bay:XH-0001-01", "before")]);

        // Each time, pooled connections (several: see Pool) die while they sit idle.
        await Pool(log);
        await server.StopAsync();
        await server.StartAgainAsync();
        var appended = await log.AppendAsync([Reading("bay:XH-0001-01", "after")]);
        await Pool(log);
        await server.StopAsync();
        await server.StartAgainAsync();
        var read = await log.ReadAsync(new EventQuery(10));
        await server.CreateDatabaseAsync("after_restarts"); // the server's own helper copes with restarts too

        Assert.Equal([2L], appended);
        Assert.Equal(2, read.Count);

        static Task Pool(PostgresEventLog log) =>
            Task.WhenAll(Enumerable.Range(0, 8).Select(n => log.ReadAsync(new EventQuery(10, EntityId: $"bay:{n}"))));
    }

    /// <summary>A sensor that keeps sending, one reading at a time, and notes what the log accepted or refused.</summary>
    private static async Task SensorAsync(PostgresEventLog log, int sensor, ConcurrentQueue<string> accepted, ConcurrentQueue<Exception> refused, CancellationToken stop)
    {
        for (int n = 0; !stop.IsCancellationRequested; n++)
        {
            var reading = Reading($"bay:XH-0001-{sensor:00}", $"{sensor}/{n}");
            try
            {
                // Not cancelled with the test's stop: a sensor's last reading is still sent to the end.
                await log.AppendAsync([reading], CancellationToken.None);
                accepted.Enqueue(reading.Payload);
            }
            catch (NpgsqlException error)
            {
                refused.Enqueue(error);
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition()) await Task.Delay(10, timeout.Token);
    }

    private static NewEvent Reading(string entity, string tag) =>
        new(EventTypes.Reading, entity, "district:XH", "grid:XH-0001", T0, $$"""{"tag":"{{tag}}"}""");
}
