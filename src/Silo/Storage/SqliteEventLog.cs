using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SmartCity.Grains.Events;

namespace SmartCity.Silo.Storage;

/// <summary>
/// The event log in its own SQLite file (deploy/sql/sqlite-events/events.sql). One writer thread
/// takes every append waiting at that moment and commits them in one transaction (group commit):
/// a commit costs about the same for one event as for thousands, so ingest keeps its speed while
/// every caller still hears back only once its events are on disk. The thread is its own because
/// Microsoft.Data.Sqlite blocks while it writes; grains and requests only ever await.
/// WAL with synchronous=NORMAL: a process crash loses nothing committed, a power cut may lose the
/// last commits but never corrupts the file (https://www.sqlite.org/pragma.html#pragma_synchronous).
/// </summary>
public sealed class SqliteEventLog : IEventLog, IDisposable
{
    /// <summary>Upper bound of one commit, so one huge backlog does not hold every caller back.</summary>
    private const int MaxEventsPerCommit = 50_000;

    /// <summary>The entity index is brought up to date once this many events wait for it...</summary>
    private const int IndexBatch = 100_000;

    /// <summary>...or when appends pause this long.</summary>
    private static readonly TimeSpan IndexAfterQuiet = TimeSpan.FromMilliseconds(500);

    private readonly Channel<PendingAppend> _pending = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly EventBroadcast? _broadcast;
    private readonly Thread _writer;
    private long _lastSequence;
    private long _indexedThrough;

    /// <param name="broadcast">Told of every committed event, in sequence order, for live listeners.</param>
    public SqliteEventLog(string filePath, TimeProvider time, EventBroadcast? broadcast = null)
    {
        _broadcast = broadcast;
        SqliteDatabase.EnsureSchema(filePath, Path.Combine(AppContext.BaseDirectory, "sql", "sqlite-events"));
        _connectionString = SqliteDatabase.ConnectionString(filePath);
        _time = time;
        using (var connection = Open())
        using (var last = connection.CreateCommand())
        {
            last.CommandText = "SELECT COALESCE(MAX(Sequence), 0) FROM EventLog;";
            _lastSequence = (long)last.ExecuteScalar()!;
            last.CommandText = "SELECT IndexedThrough FROM EventLogIndexState;";
            _indexedThrough = (long)last.ExecuteScalar()!;
        }
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "event-log-writer" };
        _writer.Start();
    }

    public long LastSequence => Interlocked.Read(ref _lastSequence);

    public Task<long[]> AppendAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0) return Task.FromResult(Array.Empty<long>());
        var done = new TaskCompletionSource<long[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite(new PendingAppend(events, done)))
        {
            throw new ObjectDisposedException(nameof(SqliteEventLog), "The event log is closed.");
        }
        // A caller that stops waiting does not take its events back: they are written all the same.
        return done.Task.WaitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        var where = new List<string> { "Sequence > $after" };
        command.Parameters.AddWithValue("$after", query.AfterSequence);
        if (query.EntityId is not null)
        {
            // The entity index up to where it reaches, then a scan of the short tail after it.
            where.Add("""
                Sequence IN (
                    SELECT Sequence FROM EventLogEntityIndex WHERE EntityId = $entity AND Sequence > $after
                    UNION ALL
                    SELECT Sequence FROM EventLog
                    WHERE Sequence > MAX($after, (SELECT IndexedThrough FROM EventLogIndexState)) AND EntityId = $entity)
                """);
            command.Parameters.AddWithValue("$entity", query.EntityId);
        }
        if (query.Type is not null)
        {
            where.Add("Type = $type");
            command.Parameters.AddWithValue("$type", query.Type);
        }
        if (query.From is { } from)
        {
            where.Add("EventTime >= $from");
            command.Parameters.AddWithValue("$from", Ticks(from));
        }
        if (query.To is { } to)
        {
            where.Add("EventTime <= $to");
            command.Parameters.AddWithValue("$to", Ticks(to));
        }
        command.CommandText = $"""
            SELECT Sequence, Type, EntityId, DistrictId, GridCellId, EventTime, LoggedAt, Payload, EntityVersion
            FROM EventLog WHERE {string.Join(" AND ", where)} ORDER BY Sequence LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$limit", query.Limit);
        var found = new List<LoggedEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            found.Add(new LoggedEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                Instant(reader.GetInt64(5)), Instant(reader.GetInt64(6)), reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetInt32(8)));
        }
        return Task.FromResult<IReadOnlyList<LoggedEvent>>(found);
    }

    /// <summary>Writes what is queued, then stops the writer.</summary>
    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _writer.Join();
    }

    private void WriteLoop()
    {
        using var connection = Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL;";
            pragma.ExecuteNonQuery();
        }
        using var insert = new EventInserter(connection);
        var batch = new List<PendingAppend>();
        var reader = _pending.Reader;
        // Blocking here is the point of the thread: it waits for work and for the disk, nobody else does.
        while (WaitForWork(reader, out bool quiet))
        {
            if (quiet)
            {
                // A moment with nothing to append: the indexer catches up.
                IndexEntities(connection);
                continue;
            }
            int events = 0;
            while (events < MaxEventsPerCommit && reader.TryRead(out var next))
            {
                batch.Add(next);
                events += next.Events.Count;
            }
            if (batch.Count > 0) Commit(connection, insert, batch);
            batch.Clear();
            if (_lastSequence - _indexedThrough >= IndexBatch) IndexEntities(connection);
        }
        IndexEntities(connection);
    }

    /// <summary>True when appends wait, or (<paramref name="quiet"/>) when none came for a while; false once the log is closed.</summary>
    private static bool WaitForWork(ChannelReader<PendingAppend> reader, out bool quiet)
    {
        using var timeout = new CancellationTokenSource(IndexAfterQuiet);
        try
        {
            quiet = false;
            return reader.WaitToReadAsync(timeout.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            quiet = true;
            return true;
        }
    }

    /// <summary>Adds the events since the last run to the entity index in one sorted pass.</summary>
    private void IndexEntities(SqliteConnection connection)
    {
        long through = _lastSequence;
        if (through <= _indexedThrough) return;
        try
        {
            using var transaction = connection.BeginTransaction();
            using var index = connection.CreateCommand();
            index.Transaction = transaction;
            index.CommandText = """
                INSERT INTO EventLogEntityIndex (EntityId, Sequence)
                SELECT EntityId, Sequence FROM EventLog WHERE Sequence > $from AND Sequence <= $through ORDER BY EntityId, Sequence;
                UPDATE EventLogIndexState SET IndexedThrough = $through;
                """;
            index.Parameters.AddWithValue("$from", _indexedThrough);
            index.Parameters.AddWithValue("$through", through);
            index.ExecuteNonQuery();
            transaction.Commit();
            _indexedThrough = through;
        }
        catch (SqliteException)
        {
            // Reads still find the events by scanning the tail; the next run tries again.
        }
    }

    private void Commit(SqliteConnection connection, EventInserter insert, List<PendingAppend> batch)
    {
        var now = _time.GetUtcNow();
        var all = batch.SelectMany(pending => pending.Events).ToArray();
        long[] sequences;
        try
        {
            using var transaction = connection.BeginTransaction();
            sequences = insert.Insert(transaction, all, _lastSequence, Ticks(now));
            transaction.Commit();
        }
        catch (Exception error)
        {
            // Nothing of this batch is in the log: every caller in it hears so, and may retry.
            foreach (var pending in batch) pending.Done.TrySetException(error);
            return;
        }
        if (sequences.Length > 0) Interlocked.Exchange(ref _lastSequence, Math.Max(_lastSequence, sequences.Max()));
        if (_broadcast is { HasListeners: true }) _broadcast.Publish([.. all.Select((e, i) => (e, i)).Where(x => sequences[x.i] > 0)
            .Select(x => new LoggedEvent(sequences[x.i], x.e.Type, x.e.EntityId, x.e.DistrictId, x.e.GridCellId, x.e.EventTime, now, x.e.Payload, x.e.EntityVersion))]);
        int offset = 0;
        foreach (var pending in batch)
        {
            pending.Done.TrySetResult(sequences[offset..(offset + pending.Events.Count)]);
            offset += pending.Events.Count;
        }
    }

    /// <summary>
    /// The writer's prepared INSERT, one row per statement: Microsoft.Data.Sqlite binds parameters
    /// by name on every execution, and SQLite looks names up one by one, so a many-row statement
    /// costs more per row (measured here: 100 rows of 9 parameters per statement halved the rate).
    /// An entity version already logged is skipped and keeps 0; any other conflict is an error.
    /// </summary>
    private sealed class EventInserter : IDisposable
    {
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter[] _values;

        public EventInserter(SqliteConnection connection)
        {
            _insert = connection.CreateCommand();
            _insert.CommandText = """
                INSERT INTO EventLog (Sequence, Type, EntityId, DistrictId, GridCellId, EventTime, LoggedAt, Payload, EntityVersion)
                VALUES ($sequence, $type, $entity, $district, $grid, $eventTime, $loggedAt, $payload, $version)
                ON CONFLICT (EntityId, EntityVersion) WHERE EntityVersion IS NOT NULL DO NOTHING;
                """;
            _values =
            [
                _insert.Parameters.Add("$sequence", SqliteType.Integer),
                _insert.Parameters.Add("$type", SqliteType.Text),
                _insert.Parameters.Add("$entity", SqliteType.Text),
                _insert.Parameters.Add("$district", SqliteType.Text),
                _insert.Parameters.Add("$grid", SqliteType.Text),
                _insert.Parameters.Add("$eventTime", SqliteType.Integer),
                _insert.Parameters.Add("$loggedAt", SqliteType.Integer),
                _insert.Parameters.Add("$payload", SqliteType.Text),
                _insert.Parameters.Add("$version", SqliteType.Integer),
            ];
        }

        /// <returns>Each event's sequence number, 0 for one skipped as already logged.</returns>
        public long[] Insert(SqliteTransaction transaction, NewEvent[] events, long lastSequence, long loggedAt)
        {
            _insert.Transaction = transaction;
            _values[6].Value = loggedAt;
            var sequences = new long[events.Length];
            long sequence = lastSequence;
            for (int i = 0; i < events.Length; i++)
            {
                var e = events[i];
                _values[0].Value = sequence + 1;
                _values[1].Value = e.Type;
                _values[2].Value = e.EntityId;
                _values[3].Value = (object?)e.DistrictId ?? DBNull.Value;
                _values[4].Value = (object?)e.GridCellId ?? DBNull.Value;
                _values[5].Value = Ticks(e.EventTime);
                _values[7].Value = e.Payload;
                _values[8].Value = (object?)e.EntityVersion ?? DBNull.Value;
                if (_insert.ExecuteNonQuery() == 1) sequences[i] = ++sequence;
            }
            return sequences;
        }

        public void Dispose() => _insert.Dispose();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static long Ticks(DateTimeOffset instant) => instant.UtcTicks;

    private static DateTimeOffset Instant(long ticks) => new(ticks, TimeSpan.Zero);

    private sealed record PendingAppend(IReadOnlyList<NewEvent> Events, TaskCompletionSource<long[]> Done);
}
