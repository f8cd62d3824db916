using Npgsql;
using SmartCity.Grains.Events;

namespace SmartCity.Silo.Storage;

/// <summary>The writer loop's statements: appends and snapshot saves, inside the transaction that holds the writer lock.</summary>
public sealed partial class PostgresEventLog
{
    /// <summary>
    /// Logs the appends batch[from..to). An entity version already logged, by any silo or earlier in
    /// this batch, is skipped and keeps 0: no other writer can log one meanwhile, as all hold the lock.
    /// The rest are numbered on from the highest sequence and inserted by one statement, which also
    /// deletes the snapshots they make wrong (from each entity's earliest new event time on).
    /// </summary>
    private static async Task InsertAsync(NpgsqlConnection connection, List<PendingWrite> batch, int from, int to, Commit commit, long loggedAt)
    {
        var taken = await LoggedVersionsAsync(connection, batch, from, to).ConfigureAwait(false);
        var rows = new EventRows();
        for (int i = from; i < to; i++)
        {
            var events = ((PendingAppend)batch[i]).Events;
            var sequences = commit.Sequences[i] = new long[events.Count];
            for (int j = 0; j < events.Count; j++)
            {
                var e = events[j];
                if (e.EntityVersion is { } version && !taken.Add((e.EntityId, version))) continue;
                sequences[j] = ++commit.Last;
                rows.Add(sequences[j], e);
            }
        }
        if (rows.Sequences.Count == 0) return;
        await using var insert = new NpgsqlCommand("""
            WITH logged AS (
                INSERT INTO EventLog (Sequence, Type, EntityId, DistrictId, GridCellId, EntityVersion, EventTime, LoggedAt, Payload)
                SELECT e.Sequence, e.Type, e.EntityId, e.DistrictId, e.GridCellId, e.EntityVersion, e.EventTime, @loggedAt, e.Payload
                FROM unnest(@sequences, @types, @entities, @districts, @grids, @versions, @eventTimes, @payloads)
                    AS e (Sequence, Type, EntityId, DistrictId, GridCellId, EntityVersion, EventTime, Payload)
                RETURNING EntityId, EventTime)
            DELETE FROM EventLogSnapshot AS s
            USING (SELECT EntityId, MIN(EventTime) AS Earliest FROM logged GROUP BY EntityId) AS late
            WHERE s.EntityId = late.EntityId AND s.UpTo >= late.Earliest;
            """, connection);
        insert.Parameters.AddWithValue("loggedAt", loggedAt);
        insert.Parameters.AddWithValue("sequences", rows.Sequences.ToArray());
        insert.Parameters.AddWithValue("types", rows.Types.ToArray());
        insert.Parameters.AddWithValue("entities", rows.Entities.ToArray());
        insert.Parameters.AddWithValue("districts", rows.Districts.ToArray());
        insert.Parameters.AddWithValue("grids", rows.Grids.ToArray());
        insert.Parameters.AddWithValue("versions", rows.Versions.ToArray());
        insert.Parameters.AddWithValue("eventTimes", rows.EventTimes.ToArray());
        insert.Parameters.AddWithValue("payloads", rows.Payloads.ToArray());
        await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Which of the entity versions among batch[from..to) the log already holds.</summary>
    private static async Task<HashSet<(string EntityId, int Version)>> LoggedVersionsAsync(
        NpgsqlConnection connection, List<PendingWrite> batch, int from, int to)
    {
        var taken = new HashSet<(string EntityId, int Version)>();
        var entities = new List<string>();
        var versions = new List<int>();
        for (int i = from; i < to; i++)
        {
            foreach (var e in ((PendingAppend)batch[i]).Events)
            {
                if (e.EntityVersion is not { } version) continue;
                entities.Add(e.EntityId);
                versions.Add(version);
            }
        }
        if (entities.Count == 0) return taken; // readings: no look-up at all
        await using var find = new NpgsqlCommand("""
            SELECT EntityId, EntityVersion FROM EventLog
            WHERE EntityVersion IS NOT NULL AND (EntityId, EntityVersion) IN (SELECT * FROM unnest(@entities, @versions));
            """, connection);
        find.Parameters.AddWithValue("entities", entities.ToArray());
        find.Parameters.AddWithValue("versions", versions.ToArray());
        await using var reader = await find.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false)) taken.Add((reader.GetString(0), reader.GetInt32(1)));
        return taken;
    }

    /// <summary>Keeps the snapshot unless an event of its entity inside its span was logged after its fold read the log.</summary>
    private static async Task<bool> SaveAsync(NpgsqlConnection connection, EntitySnapshot snapshot)
    {
        await using var save = new NpgsqlCommand("""
            INSERT INTO EventLogSnapshot (EntityId, UpTo, Sequence, State, EventsFolded)
            SELECT @entity, @upTo, @sequence, @state, @folded
            WHERE NOT EXISTS (SELECT 1 FROM EventLog WHERE EntityId = @entity AND EventTime <= @upTo AND Sequence > @sequence)
            ON CONFLICT (EntityId, UpTo) DO UPDATE SET Sequence = excluded.Sequence, State = excluded.State, EventsFolded = excluded.EventsFolded;
            """, connection);
        save.Parameters.AddWithValue("entity", snapshot.EntityId);
        save.Parameters.AddWithValue("upTo", snapshot.UpTo.UtcTicks);
        save.Parameters.AddWithValue("sequence", snapshot.Sequence);
        save.Parameters.AddWithValue("state", snapshot.State);
        save.Parameters.AddWithValue("folded", snapshot.EventsFolded);
        return await save.ExecuteNonQueryAsync().ConfigureAwait(false) == 1;
    }

    /// <summary>The columns of the rows one insert writes, as the arrays it binds.</summary>
    private sealed class EventRows
    {
        public List<long> Sequences { get; } = [];
        public List<string> Types { get; } = [];
        public List<string> Entities { get; } = [];
        public List<string?> Districts { get; } = [];
        public List<string?> Grids { get; } = [];
        public List<int?> Versions { get; } = [];
        public List<long> EventTimes { get; } = [];
        public List<string> Payloads { get; } = [];

        public void Add(long sequence, NewEvent e)
        {
            Sequences.Add(sequence);
            Types.Add(e.Type);
            Entities.Add(e.EntityId);
            Districts.Add(e.DistrictId);
            Grids.Add(e.GridCellId);
            Versions.Add(e.EntityVersion);
            EventTimes.Add(e.EventTime.UtcTicks);
            Payloads.Add(e.Payload);
        }
    }
}
