using System.Globalization;
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

    private static readonly string[] InsertParameters = ["$sequence", "$type", "$entity", "$district", "$grid", "$eventTime", "$loggedAt", "$payload", "$version"];

    private readonly Channel<PendingAppend> _pending = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly Thread _writer;
    private long _lastSequence;

    public SqliteEventLog(string filePath, TimeProvider time)
    {
        SqliteDatabase.EnsureSchema(filePath, Path.Combine(AppContext.BaseDirectory, "sql", "sqlite-events"));
        _connectionString = SqliteDatabase.ConnectionString(filePath);
        _time = time;
        using (var connection = Open())
        using (var last = connection.CreateCommand())
        {
            last.CommandText = "SELECT COALESCE(MAX(Sequence), 0) FROM EventLog;";
            _lastSequence = (long)last.ExecuteScalar()!;
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
            where.Add("EntityId = $entity");
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
            command.Parameters.AddWithValue("$from", Text(from));
        }
        if (query.To is { } to)
        {
            where.Add("EventTime <= $to");
            command.Parameters.AddWithValue("$to", Text(to));
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
                Instant(reader.GetString(5)), Instant(reader.GetString(6)), reader.GetString(7),
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
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO EventLog (Sequence, Type, EntityId, DistrictId, GridCellId, EventTime, LoggedAt, Payload, EntityVersion)
            VALUES ($sequence, $type, $entity, $district, $grid, $eventTime, $loggedAt, $payload, $version)
            ON CONFLICT (EntityId, EntityVersion) DO NOTHING;
            """;
        var parameters = InsertParameters.Select(name => insert.Parameters.Add(name, SqliteType.Text)).ToArray();
        parameters[0].SqliteType = SqliteType.Integer;
        parameters[8].SqliteType = SqliteType.Integer;
        var batch = new List<PendingAppend>();
        var reader = _pending.Reader;
        // Blocking here is the point of the thread: it waits for work and for the disk, nobody else does.
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            int events = 0;
            while (events < MaxEventsPerCommit && reader.TryRead(out var next))
            {
                batch.Add(next);
                events += next.Events.Count;
            }
            Commit(connection, insert, parameters, batch);
            batch.Clear();
        }
    }

    private void Commit(SqliteConnection connection, SqliteCommand insert, SqliteParameter[] parameters, List<PendingAppend> batch)
    {
        string loggedAt = Text(_time.GetUtcNow());
        long sequence = _lastSequence;
        var results = new long[batch.Count][];
        try
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            parameters[6].Value = loggedAt;
            for (int i = 0; i < batch.Count; i++)
            {
                var events = batch[i].Events;
                results[i] = new long[events.Count];
                for (int j = 0; j < events.Count; j++)
                {
                    var e = events[j];
                    parameters[0].Value = sequence + 1;
                    parameters[1].Value = e.Type;
                    parameters[2].Value = e.EntityId;
                    parameters[3].Value = (object?)e.DistrictId ?? DBNull.Value;
                    parameters[4].Value = (object?)e.GridCellId ?? DBNull.Value;
                    parameters[5].Value = Text(e.EventTime);
                    parameters[7].Value = e.Payload;
                    parameters[8].Value = (object?)e.EntityVersion ?? DBNull.Value;
                    // An entity version already logged is skipped (and keeps 0); any other conflict is an error.
                    if (insert.ExecuteNonQuery() == 1) results[i][j] = ++sequence;
                }
            }
            transaction.Commit();
        }
        catch (Exception error)
        {
            // Nothing of this batch is in the log: every caller in it hears so, and may retry.
            foreach (var pending in batch) pending.Done.TrySetException(error);
            return;
        }
        Interlocked.Exchange(ref _lastSequence, sequence);
        for (int i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>UTC with seven fractional digits: text order is time order, and ticks survive the round trip.</summary>
    private static string Text(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Instant(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private sealed record PendingAppend(IReadOnlyList<NewEvent> Events, TaskCompletionSource<long[]> Done);
}
