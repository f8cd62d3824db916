-- The twin's event log (SmartCity.Silo.Storage.SqliteEventLog) in its own SQLite file, beside the
-- grain storage file: the log has its own single writer, so appends never queue behind grain
-- writes. Applied at every start, so every statement is idempotent.
--
-- Sequence is the global order of events in this log (the rowid, assigned by the writer).
-- EventTime and LoggedAt are ISO 8601 text in UTC with 7 fractional digits, so text order is
-- time order. Payload is the event's own JSON. EntityVersion, when given, numbers an entity's own
-- events (a report's event sequence): an event appended twice under one version is kept once, so
-- an entity may safely append again what it is not sure reached the log.

CREATE TABLE IF NOT EXISTS EventLog
(
    Sequence   INTEGER NOT NULL PRIMARY KEY,
    Type       TEXT    NOT NULL,
    EntityId   TEXT    NOT NULL,
    DistrictId TEXT,
    GridCellId TEXT,
    EntityVersion INTEGER,
    EventTime  TEXT    NOT NULL,
    LoggedAt   TEXT    NOT NULL,
    Payload    TEXT    NOT NULL
);

-- An entity's history, and the state of an entity at a past time.
CREATE INDEX IF NOT EXISTS EventLogByEntity ON EventLog (EntityId, Sequence);

-- At most one event per entity version (NULLs never collide: readings carry none).
CREATE UNIQUE INDEX IF NOT EXISTS EventLogEntityVersion ON EventLog (EntityId, EntityVersion);

-- Export and replay of a time range.
CREATE INDEX IF NOT EXISTS EventLogByEventTime ON EventLog (EventTime);
