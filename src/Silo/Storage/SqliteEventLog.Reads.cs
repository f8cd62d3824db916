using Microsoft.Data.Sqlite;
using SmartCity.Grains.Events;

namespace SmartCity.Silo.Storage;

/// <summary>
/// The event log's reads: an entity's history and timeline, ranges, snapshots. They open their own
/// pooled connections (WAL lets them read beside the writer) and page, so none holds the file long.
/// </summary>
public sealed partial class SqliteEventLog
{
    public Task<EntitySnapshot?> FindSnapshotAsync(string entityId, DateTimeOffset atOrBefore, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        return Task.FromResult(SqliteSnapshotKeeper.Find(connection, entityId, atOrBefore));
    }

    /// <summary>
    /// A page of the entity's timeline: EventLogEntityTime up to where it reaches, then the short tail
    /// not indexed yet, each side cut at the page size before they are merged. One statement, so both
    /// sides see the same IndexedThrough. NOT INDEXED keeps the tail a scan by sequence: left to itself,
    /// SQLite may pick the event-time index and walk every entity's events up to the time.
    /// </summary>
    public Task<IReadOnlyList<LoggedEvent>> ReadTimelineAsync(
        string entityId, TimelinePosition after, DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM (
                SELECT {QualifiedColumns} FROM EventLogEntityTime AS t JOIN EventLog AS e ON e.Sequence = t.Sequence
                WHERE t.EntityId = $entity AND (t.EventTime, t.Sequence) > ($afterTime, $afterSequence) AND t.EventTime <= $upTo
                ORDER BY t.EventTime, t.Sequence LIMIT $limit)
            UNION ALL
            SELECT {Columns} FROM (
                SELECT {Columns} FROM EventLog NOT INDEXED
                WHERE Sequence > (SELECT IndexedThrough FROM EventLogIndexState) AND EntityId = $entity
                    AND (EventTime, Sequence) > ($afterTime, $afterSequence) AND EventTime <= $upTo
                ORDER BY EventTime, Sequence LIMIT $limit)
            ORDER BY EventTime, Sequence LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$entity", entityId);
        command.Parameters.AddWithValue("$afterTime", Ticks(after.EventTime));
        command.Parameters.AddWithValue("$afterSequence", after.Sequence);
        command.Parameters.AddWithValue("$upTo", Ticks(upTo));
        command.Parameters.AddWithValue("$limit", limit);
        return Task.FromResult<IReadOnlyList<LoggedEvent>>(ReadEvents(command, cancellationToken));
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
            SELECT {Columns}
            FROM EventLog WHERE {string.Join(" AND ", where)} ORDER BY Sequence LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$limit", query.Limit);
        return Task.FromResult<IReadOnlyList<LoggedEvent>>(ReadEvents(command, cancellationToken));
    }

    private const string Columns = "Sequence, Type, EntityId, DistrictId, GridCellId, EventTime, LoggedAt, Payload, EntityVersion";
    private const string QualifiedColumns = "e.Sequence, e.Type, e.EntityId, e.DistrictId, e.GridCellId, e.EventTime, e.LoggedAt, e.Payload, e.EntityVersion";

    private static List<LoggedEvent> ReadEvents(SqliteCommand command, CancellationToken cancellationToken)
    {
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
        return found;
    }
}
