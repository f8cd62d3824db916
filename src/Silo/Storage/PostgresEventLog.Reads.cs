using Npgsql;
using SmartCity.Grains.Events;

namespace SmartCity.Silo.Storage;

/// <summary>
/// The event log's reads: ranges, an entity's timeline, snapshots. Each takes a pooled connection for
/// one statement and pages, so none holds a connection long; they take no lock and never wait for the
/// writers, as MVCC shows them what was committed when they start.
/// </summary>
public sealed partial class PostgresEventLog
{
    private const string Columns = "Sequence, Type, EntityId, DistrictId, GridCellId, EventTime, LoggedAt, Payload, EntityVersion";

    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        var where = new List<string> { "Sequence > @after" };
        if (query.EntityId is not null) where.Add("EntityId = @entity");
        if (query.Type is not null) where.Add("Type = @type");
        if (query.From is not null) where.Add("EventTime >= @from");
        if (query.To is not null) where.Add("EventTime <= @to");
        string sql = $"SELECT {Columns} FROM EventLog WHERE {string.Join(" AND ", where)} ORDER BY Sequence LIMIT @limit;";
        return ReadEventsAsync(() =>
        {
            var command = _dataSource.CreateCommand(sql);
            command.Parameters.AddWithValue("after", query.AfterSequence);
            if (query.EntityId is not null) command.Parameters.AddWithValue("entity", query.EntityId);
            if (query.Type is not null) command.Parameters.AddWithValue("type", query.Type);
            if (query.From is { } from) command.Parameters.AddWithValue("from", from.UtcTicks);
            if (query.To is { } to) command.Parameters.AddWithValue("to", to.UtcTicks);
            command.Parameters.AddWithValue("limit", query.Limit);
            return command;
        }, cancellationToken);
    }

    /// <summary>A page of the entity's timeline, straight from the (EntityId, EventTime, Sequence) index.</summary>
    public Task<IReadOnlyList<LoggedEvent>> ReadTimelineAsync(
        string entityId, TimelinePosition after, DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default) =>
        ReadEventsAsync(() =>
        {
            var command = _dataSource.CreateCommand($"""
                SELECT {Columns} FROM EventLog
                WHERE EntityId = @entity AND (EventTime, Sequence) > (@afterTime, @afterSequence) AND EventTime <= @upTo
                ORDER BY EventTime, Sequence LIMIT @limit;
                """);
            command.Parameters.AddWithValue("entity", entityId);
            command.Parameters.AddWithValue("afterTime", after.EventTime.UtcTicks);
            command.Parameters.AddWithValue("afterSequence", after.Sequence);
            command.Parameters.AddWithValue("upTo", upTo.UtcTicks);
            command.Parameters.AddWithValue("limit", limit);
            return command;
        }, cancellationToken);

    public Task<EntitySnapshot?> FindSnapshotAsync(string entityId, DateTimeOffset atOrBefore, CancellationToken cancellationToken = default) =>
        RetriedOnceAsync(async () =>
        {
            await using var command = _dataSource.CreateCommand("""
                SELECT UpTo, Sequence, State, EventsFolded FROM EventLogSnapshot
                WHERE EntityId = @entity AND UpTo <= @at ORDER BY UpTo DESC LIMIT 1;
                """);
            command.Parameters.AddWithValue("entity", entityId);
            command.Parameters.AddWithValue("at", atOrBefore.UtcTicks);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new EntitySnapshot(entityId, Instant(reader.GetInt64(0)), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3))
                : null;
        });

    /// <summary>
    /// Runs a read, and once more if the connection it got was dead (pooled before a database restart):
    /// a read changes nothing, so trying again is always safe. A second failure is the caller's to handle.
    /// </summary>
    private async Task<T> RetriedOnceAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception error) when (IsConnectionLost(error))
        {
            _dataSource.Clear();
            return await read().ConfigureAwait(false);
        }
    }

    /// <summary>Reads the events and raises <see cref="LastSequence"/> to the highest one seen: it is committed, so it counts.</summary>
    private Task<IReadOnlyList<LoggedEvent>> ReadEventsAsync(Func<NpgsqlCommand> prepare, CancellationToken cancellationToken) =>
        RetriedOnceAsync<IReadOnlyList<LoggedEvent>>(async () =>
        {
            var found = new List<LoggedEvent>();
            await using (var command = prepare())
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    found.Add(new LoggedEvent(
                        reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                        reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                        Instant(reader.GetInt64(5)), Instant(reader.GetInt64(6)), reader.GetString(7),
                        reader.IsDBNull(8) ? null : reader.GetInt32(8)));
                }
            }
            if (found.Count > 0) RaiseLastSequence(found.Max(e => e.Sequence));
            return found;
        });

    /// <summary>Never backwards, whichever of the writer and the readers gets here first.</summary>
    private void RaiseLastSequence(long seen)
    {
        long last = Interlocked.Read(ref _lastSequence);
        while (seen > last)
        {
            long was = Interlocked.CompareExchange(ref _lastSequence, seen, last);
            if (was == last) return;
            last = was;
        }
    }

    private static DateTimeOffset Instant(long ticks) => new(ticks, TimeSpan.Zero);
}
