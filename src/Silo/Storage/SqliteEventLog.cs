using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SmartCity.Grains.Events;
using SmartCity.Grains.Persistence;

namespace SmartCity.Silo.Storage;

/// <summary>
/// The event log in its own SQLite file (deploy/sql/sqlite-events/events.sql). One writer thread
/// takes every append waiting at that moment and commits them in one transaction (group commit):
/// a commit costs about the same for one event as for thousands, so ingest keeps its speed while
/// every caller still hears back only once its events are on disk. The thread is its own because
/// Microsoft.Data.Sqlite blocks while it writes; grains and requests only ever await.
/// WAL with synchronous=NORMAL: a process crash loses nothing committed, a power cut may lose the
/// last commits but never corrupts the file (https://www.sqlite.org/pragma.html#pragma_synchronous).
/// Entity snapshots are saved through the same writer, in order with appends (<see cref="SqliteSnapshotKeeper"/>).
/// </summary>
public sealed partial class SqliteEventLog : IEventLog, IDisposable
{
    /// <summary>The entity index is brought up to date once this many events wait for it...</summary>
    private const int IndexBatch = 100_000;

    /// <summary>...or when appends pause this long.</summary>
    private static readonly TimeSpan IndexAfterQuiet = TimeSpan.FromMilliseconds(500);

    private readonly EventLogQueue _pending = new(nameof(SqliteEventLog));
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

    public Task<long[]> AppendAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default) =>
        _pending.AppendAsync(events, cancellationToken);

    public Task<bool> SaveSnapshotAsync(EntitySnapshot snapshot, CancellationToken cancellationToken = default) =>
        _pending.SaveSnapshotAsync(snapshot, cancellationToken);

    /// <summary>Writes what is queued, then stops the writer.</summary>
    public void Dispose()
    {
        _pending.Complete();
        _writer.Join();
    }

    private void WriteLoop()
    {
        WriterSession? session = null;
        Exception? openError = null;
        var batch = new List<PendingWrite>();
        var reader = _pending.Reader;
        // Blocking here is the point of the thread: it waits for work and for the disk, nobody else does.
        while (WaitForWork(reader, out bool quiet))
        {
            session ??= TryOpen(out openError);
            if (quiet)
            {
                // A moment with nothing to append: the indexer catches up.
                if (session is not null) IndexEntities(session.Connection);
                continue;
            }
            _pending.TakeBatch(batch);
            if (session is null)
            {
                // The file cannot be opened (its folder gone, its disk unmounted): callers hear so at once.
                EventLogQueue.Fail(batch, openError!);
            }
            else if (batch.Count > 0 && !Commit(session.Connection, session.Insert, session.Snapshots, batch))
            {
                // A connection that met an I/O error, a full disk, or a file moved away under it may stay
                // broken: the next commit opens a fresh one, which finds the file as it is by then.
                session.Dispose();
                session = null;
            }
            batch.Clear();
            if (session is not null && _lastSequence - _indexedThrough >= IndexBatch) IndexEntities(session.Connection);
        }
        if (session is not null) IndexEntities(session.Connection);
        session?.Dispose();
    }

    private WriterSession? TryOpen(out Exception? error)
    {
        error = null;
        try
        {
            return new WriterSession(Open());
        }
        catch (SqliteException failure)
        {
            error = failure;
            return null;
        }
    }

    /// <summary>The writer's connection with its prepared statements; replaced whole after a failed commit.</summary>
    private sealed class WriterSession : IDisposable
    {
        public WriterSession(SqliteConnection connection)
        {
            Connection = connection;
            try
            {
                using (var pragma = connection.CreateCommand())
                {
                    pragma.CommandText = "PRAGMA synchronous=NORMAL;";
                    pragma.ExecuteNonQuery();
                }
                Insert = new EventInserter(connection);
                Snapshots = new SqliteSnapshotKeeper(connection);
            }
            catch
            {
                Insert?.Dispose();
                connection.Dispose();
                throw;
            }
        }

        public SqliteConnection Connection { get; }

        public EventInserter Insert { get; }

        public SqliteSnapshotKeeper Snapshots { get; }

        public void Dispose()
        {
            Snapshots.Dispose();
            Insert.Dispose();
            Connection.Dispose();
        }
    }

    /// <summary>True when appends wait, or (<paramref name="quiet"/>) when none came for a while; false once the log is closed.</summary>
    private static bool WaitForWork(ChannelReader<PendingWrite> reader, out bool quiet)
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

    /// <summary>Adds the events since the last run to the entity indexes (by sequence, by event time), each in one sorted pass.</summary>
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
                INSERT INTO EventLogEntityTime (EntityId, EventTime, Sequence)
                SELECT EntityId, EventTime, Sequence FROM EventLog WHERE Sequence > $from AND Sequence <= $through ORDER BY EntityId, EventTime, Sequence;
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

    /// <summary>
    /// Writes the batch in one transaction, in the order it was queued: appends, and snapshot saves
    /// checked against the appends before them (an append after a save removes it if it must).
    /// </summary>
    /// <returns>False when the transaction failed; every caller in the batch has heard so.</returns>
    private bool Commit(SqliteConnection connection, EventInserter insert, SqliteSnapshotKeeper snapshots, List<PendingWrite> batch)
    {
        var now = _time.GetUtcNow();
        var sequences = new long[batch.Count][];
        var saved = new bool[batch.Count];
        long last = _lastSequence;
        try
        {
            using var transaction = connection.BeginTransaction();
            snapshots.Begin(transaction);
            for (int i = 0; i < batch.Count; i++)
            {
                switch (batch[i])
                {
                    case PendingAppend append:
                        sequences[i] = insert.Insert(transaction, append.Events, last, Ticks(now));
                        for (int j = 0; j < append.Events.Count; j++)
                        {
                            if (sequences[i][j] == 0) continue;
                            last = sequences[i][j];
                            snapshots.EventAppended(append.Events[j].EntityId, Ticks(append.Events[j].EventTime));
                        }
                        break;
                    case PendingSnapshot save:
                        saved[i] = snapshots.TrySave(save.Snapshot);
                        break;
                }
            }
            transaction.Commit();
            snapshots.Committed();
        }
        catch (Exception error)
        {
            // Nothing of this batch is in the log: every caller in it hears so, and may retry.
            snapshots.RolledBack();
            EventLogQueue.Fail(batch, error);
            return false;
        }
        Interlocked.Exchange(ref _lastSequence, last);
        if (_broadcast is { HasListeners: true }) _broadcast.Publish(EventLogQueue.Logged(batch, sequences, now));
        EventLogQueue.Succeed(batch, sequences, saved);
        return true;
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
        public long[] Insert(SqliteTransaction transaction, IReadOnlyList<NewEvent> events, long lastSequence, long loggedAt)
        {
            _insert.Transaction = transaction;
            _values[6].Value = loggedAt;
            var sequences = new long[events.Count];
            long sequence = lastSequence;
            for (int i = 0; i < events.Count; i++)
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
}
