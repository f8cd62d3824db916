using System.Net.Sockets;
using Npgsql;
using SmartCity.Grains.Events;
using SmartCity.Grains.Persistence;

namespace SmartCity.Silo.Storage;

/// <summary>
/// The event log on PostgreSQL (deploy/sql/postgresql/04-events.sql), written by every silo of a cluster.
/// Per silo, one writer loop takes every append waiting at that moment and commits them in one
/// transaction (group commit): callers hear back once their events are durable, and a commit costs
/// about the same for one event as for thousands. Across silos, each commit numbers its events under
/// one advisory lock, so sequence numbers rise in commit order without gaps (see the script's header):
/// a reader paging by sequence never finds an older number appear behind one it has seen.
/// A failed commit fails all its callers with the database's exception (for the API to answer 503): nothing
/// a caller was told is logged is ever lost, nothing it was told failed was logged, unless the
/// connection broke while COMMIT itself was under way, when nobody can know (as with any database).
/// </summary>
public sealed partial class PostgresEventLog : IEventLog, IAsyncDisposable, IDisposable
{
    /// <summary>The advisory lock key every writer of the log takes: ASCII "SCEVLOG".</summary>
    private const long WriterLock = 0x53_43_45_56_4C_4F_47;

    /// <summary>How long a writer may sit idle inside its transaction, holding every silo's appends back.</summary>
    private static readonly TimeSpan StalledWriterTimeout = TimeSpan.FromSeconds(15);

    private readonly EventLogQueue _pending = new(nameof(PostgresEventLog));
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly EventBroadcast? _broadcast;
    private readonly Task _writer;
    private long _lastSequence;

    /// <param name="dataSource">The database holding the event log tables; the caller owns it and disposes it after this log.</param>
    /// <param name="broadcast">Told of every event this silo committed, in sequence order, for live listeners.</param>
    public PostgresEventLog(NpgsqlDataSource dataSource, TimeProvider time, EventBroadcast? broadcast = null)
    {
        _dataSource = dataSource;
        _time = time;
        _broadcast = broadcast;
        // LastSequence is a plain property, read before any await (an export's upper bound): it must
        // be right from the start, so this one read at start-up waits for the database.
        using (var last = dataSource.CreateCommand("SELECT COALESCE(MAX(Sequence), 0) FROM EventLog;"))
        {
            _lastSequence = (long)last.ExecuteScalar()!;
        }
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// The highest sequence number this log has written or read. In a cluster it is this silo's view:
    /// other silos may have logged more since, but every event up to it is committed and visible, and
    /// it never goes backwards.
    /// </summary>
    public long LastSequence => Interlocked.Read(ref _lastSequence);

    public Task<long[]> AppendAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default) =>
        _pending.AppendAsync(events, cancellationToken);

    public Task<bool> SaveSnapshotAsync(EntitySnapshot snapshot, CancellationToken cancellationToken = default) =>
        _pending.SaveSnapshotAsync(snapshot, cancellationToken);

    /// <summary>Writes what is queued, then stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Complete();
        await _writer.ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>();
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            _pending.TakeBatch(batch);
            await CommitAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    /// <summary>Writes the batch in one transaction, in the order it was queued; never throws: its callers hear the outcome.</summary>
    private async Task CommitAsync(List<PendingWrite> batch)
    {
        var loggedAt = _time.GetUtcNow();
        Commit commit;
        for (int attempt = 1; ; attempt++)
        {
            commit = new Commit(batch.Count);
            try
            {
                await WriteAsync(batch, commit, loggedAt.UtcTicks).ConfigureAwait(false);
                break;
            }
            catch (Exception error) when (IsConnectionLost(error))
            {
                // Pooled connections to a server that has since restarted are all dead: drop them, so
                // that the next commit opens a live one instead of finding the next dead one.
                _dataSource.Clear();
                // Broken before COMMIT went out, the transaction cannot have committed: one more try
                // on a fresh connection is safe. After it, the outcome is unknown: the callers decide.
                if (attempt == 1 && !commit.CommitSent) continue;
                EventLogQueue.Fail(batch, error);
                return;
            }
            catch (Exception error)
            {
                EventLogQueue.Fail(batch, error);
                return;
            }
        }
        RaiseLastSequence(commit.Last);
        if (_broadcast is { HasListeners: true }) _broadcast.Publish(EventLogQueue.Logged(batch, commit.Sequences, loggedAt));
        EventLogQueue.Succeed(batch, commit.Sequences, commit.Saved);
    }

    /// <summary>One transaction: the writer lock, then the appends and snapshot saves in queue order.</summary>
    private async Task WriteAsync(List<PendingWrite> batch, Commit commit, long loggedAt)
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        // READ COMMITTED whatever the server's default: LockAsync needs a fresh snapshot per statement.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted).ConfigureAwait(false);
        commit.Last = await LockAsync(connection).ConfigureAwait(false);
        int i = 0;
        while (i < batch.Count)
        {
            if (batch[i] is PendingSnapshot save)
            {
                commit.Saved[i++] = await SaveAsync(connection, save.Snapshot).ConfigureAwait(false);
                continue;
            }
            // Appends that follow one another go in together: one look-up of versions, one insert.
            int from = i;
            while (i < batch.Count && batch[i] is PendingAppend) i++;
            await InsertAsync(connection, batch, from, i, commit, loggedAt).ConfigureAwait(false);
        }
        commit.CommitSent = true;
        await transaction.CommitAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the writer lock until the transaction ends and returns the highest sequence logged. Two
    /// statements: under READ COMMITTED each sees what was committed when it starts, so MAX runs after
    /// the lock is held and counts every commit of the writer before (it released the lock after
    /// its commit became visible). MAX(Sequence) is one step down the primary key, and unlike a counter
    /// row it leaves no dead row behind per commit and cannot disagree with the table.
    /// While this transaction holds the lock every silo's appends wait, so a writer that stalls between
    /// its statements (a frozen process, a lost network) is cut off by the server after a while
    /// instead of halting the cluster's log until TCP notices; its callers get the error.
    /// </summary>
    private static async Task<long> LockAsync(NpgsqlConnection connection)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"SET LOCAL idle_in_transaction_session_timeout = {(int)StalledWriterTimeout.TotalMilliseconds};"),
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1);") { Parameters = { new() { Value = WriterLock } } },
                new NpgsqlBatchCommand("SELECT COALESCE(MAX(Sequence), 0) FROM EventLog;"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.NextResultAsync().ConfigureAwait(false); // past the lock's empty (void) result
        await reader.ReadAsync().ConfigureAwait(false);
        return reader.GetInt64(0);
    }

    private static bool IsConnectionLost(Exception error) =>
        error is NpgsqlException { IsTransient: true } or NpgsqlException { InnerException: IOException or SocketException or TimeoutException }
            or PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow };

    /// <summary>Nothing of the batch is in the log: every caller in it hears so, and may retry.</summary>

    /// <summary>What one transaction did, per queued item; Last is the highest sequence so far.</summary>
    private sealed class Commit(int items)
    {
        public long[][] Sequences { get; } = new long[items][];
        public bool[] Saved { get; } = new bool[items];
        public long Last { get; set; }
        public bool CommitSent { get; set; }
    }
}
