using Microsoft.Data.Sqlite;
using SmartCity.Grains.Events;

namespace SmartCity.Silo.Storage;

/// <summary>
/// The event-log writer's side of entity snapshots (table EventLogSnapshot): it saves them and, in
/// the same transaction as an append, deletes those a late event makes wrong. It remembers each
/// entity's latest snapshot time, so that an event of an entity without snapshots, or one newer
/// than its snapshots (nearly every event), costs one dictionary look-up. Only the writer thread uses it.
/// </summary>
internal sealed class SqliteSnapshotKeeper : IDisposable
{
    /// <summary>Latest UpTo (UTC ticks) per entity with snapshots, as committed.</summary>
    private readonly Dictionary<string, long> _latestUpTo = new(StringComparer.Ordinal);

    /// <summary>What the open transaction changed in <see cref="_latestUpTo"/>; null: no snapshot left.</summary>
    private readonly Dictionary<string, long?> _pending = new(StringComparer.Ordinal);

    private readonly SqliteCommand _forget;
    private readonly SqliteCommand _lateEvent;
    private readonly SqliteCommand _save;

    public SqliteSnapshotKeeper(SqliteConnection connection)
    {
        using (var load = connection.CreateCommand())
        {
            load.CommandText = "SELECT EntityId, MAX(UpTo) FROM EventLogSnapshot GROUP BY EntityId;";
            using var reader = load.ExecuteReader();
            while (reader.Read()) _latestUpTo[reader.GetString(0)] = reader.GetInt64(1);
        }
        _forget = Command(connection, """
            DELETE FROM EventLogSnapshot WHERE EntityId = $entity AND UpTo >= $from;
            SELECT MAX(UpTo) FROM EventLogSnapshot WHERE EntityId = $entity;
            """, "$entity", "$from");
        // Only the events logged since the fold read the log: a short scan by sequence.
        _lateEvent = Command(connection,
            "SELECT EXISTS (SELECT 1 FROM EventLog NOT INDEXED WHERE Sequence > $read AND EntityId = $entity AND EventTime <= $upTo);",
            "$read", "$entity", "$upTo");
        _save = Command(connection, """
            INSERT OR REPLACE INTO EventLogSnapshot (EntityId, UpTo, Sequence, State, EventsFolded)
            VALUES ($entity, $upTo, $sequence, $state, $folded);
            """, "$entity", "$upTo", "$sequence", "$state", "$folded");
    }

    /// <summary>Reads a snapshot; any connection will do.</summary>
    public static EntitySnapshot? Find(SqliteConnection connection, string entityId, DateTimeOffset atOrBefore)
    {
        using var find = connection.CreateCommand();
        find.CommandText = """
            SELECT UpTo, Sequence, State, EventsFolded FROM EventLogSnapshot
            WHERE EntityId = $entity AND UpTo <= $at ORDER BY UpTo DESC LIMIT 1;
            """;
        find.Parameters.AddWithValue("$entity", entityId);
        find.Parameters.AddWithValue("$at", atOrBefore.UtcTicks);
        using var reader = find.ExecuteReader();
        return reader.Read()
            ? new EntitySnapshot(entityId, new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3))
            : null;
    }

    /// <summary>Starts the work of one writer transaction.</summary>
    public void Begin(SqliteTransaction transaction)
    {
        _pending.Clear();
        _forget.Transaction = _lateEvent.Transaction = _save.Transaction = transaction;
    }

    /// <summary>An event was appended: the entity's snapshots from its time on no longer hold.</summary>
    public void EventAppended(string entityId, long eventTime)
    {
        if (LatestUpTo(entityId) is not { } latest || eventTime > latest) return;
        _forget.Parameters["$entity"].Value = entityId;
        _forget.Parameters["$from"].Value = eventTime;
        _pending[entityId] = _forget.ExecuteScalar() is long left ? left : null;
    }

    /// <summary>Saves the snapshot unless an event logged after its fold read the log falls inside it.</summary>
    public bool TrySave(EntitySnapshot snapshot)
    {
        long upTo = snapshot.UpTo.UtcTicks;
        _lateEvent.Parameters["$read"].Value = snapshot.Sequence;
        _lateEvent.Parameters["$entity"].Value = snapshot.EntityId;
        _lateEvent.Parameters["$upTo"].Value = upTo;
        if ((long)_lateEvent.ExecuteScalar()! != 0) return false;
        _save.Parameters["$entity"].Value = snapshot.EntityId;
        _save.Parameters["$upTo"].Value = upTo;
        _save.Parameters["$sequence"].Value = snapshot.Sequence;
        _save.Parameters["$state"].Value = snapshot.State;
        _save.Parameters["$folded"].Value = snapshot.EventsFolded;
        _save.ExecuteNonQuery();
        _pending[snapshot.EntityId] = Math.Max(LatestUpTo(snapshot.EntityId) ?? long.MinValue, upTo);
        return true;
    }

    /// <summary>The transaction committed: what it did to the snapshots now holds.</summary>
    public void Committed()
    {
        foreach (var (entityId, latest) in _pending)
        {
            if (latest is { } upTo) _latestUpTo[entityId] = upTo;
            else _latestUpTo.Remove(entityId);
        }
        _pending.Clear();
    }

    /// <summary>The transaction failed: nothing it did happened.</summary>
    public void RolledBack() => _pending.Clear();

    public void Dispose()
    {
        _forget.Dispose();
        _lateEvent.Dispose();
        _save.Dispose();
    }

    private long? LatestUpTo(string entityId) =>
        _pending.TryGetValue(entityId, out var pending) ? pending
        : _latestUpTo.TryGetValue(entityId, out long latest) ? latest : null;

    private static SqliteCommand Command(SqliteConnection connection, string text, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var name in parameters) command.Parameters.Add(name, name == "$entity" || name == "$state" ? SqliteType.Text : SqliteType.Integer);
        return command;
    }
}
