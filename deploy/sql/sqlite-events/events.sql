-- The twin's event log (SmartCity.Silo.Storage.SqliteEventLog) in its own SQLite file, beside the
-- grain storage file: the log has its own single writer, so appends never queue behind grain
-- writes. Applied at every start, so every statement is idempotent.
--
-- Sequence is the global order of events in this log (the rowid, assigned by the writer).
-- EventTime and LoggedAt are UTC ticks (100 ns since 0001-01-01, .NET's DateTime.Ticks): cheaper
-- to write and compare than text, and exact. Payload is the event's own JSON. EntityVersion, when given, numbers an entity's own
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
    EventTime  INTEGER NOT NULL,
    LoggedAt   INTEGER NOT NULL,
    Payload    TEXT    NOT NULL
);

-- An entity's history. Not an index on EventLog: keyed by entity id, every appended row would
-- land on a random page, so a commit of N readings rewrote about N pages and ingest fell to a
-- quarter. The writer fills this table instead in large batches sorted by entity, each page
-- touched once per batch; reads look here and scan the short tail not indexed yet.
CREATE TABLE IF NOT EXISTS EventLogEntityIndex
(
    EntityId TEXT    NOT NULL,
    Sequence INTEGER NOT NULL,
    PRIMARY KEY (EntityId, Sequence)
) WITHOUT ROWID;

-- How far EventLogEntityIndex reaches: every event up to IndexedThrough is in it.
CREATE TABLE IF NOT EXISTS EventLogIndexState
(
    Id             INTEGER NOT NULL PRIMARY KEY CHECK (Id = 1),
    IndexedThrough INTEGER NOT NULL
);
INSERT OR IGNORE INTO EventLogIndexState (Id, IndexedThrough) VALUES (1, 0);

-- At most one event per entity version. Partial: readings carry none and so never pay for it.
CREATE UNIQUE INDEX IF NOT EXISTS EventLogEntityVersion ON EventLog (EntityId, EntityVersion) WHERE EntityVersion IS NOT NULL;

-- Export and replay of a time range.
CREATE INDEX IF NOT EXISTS EventLogByEventTime ON EventLog (EventTime);

-- An entity's history in event-time order, for its state at a past time: the writer fills it in
-- the same sorted batches as EventLogEntityIndex (and reads scan the tail not indexed yet, alike).
CREATE TABLE IF NOT EXISTS EventLogEntityTime
(
    EntityId  TEXT    NOT NULL,
    EventTime INTEGER NOT NULL,
    Sequence  INTEGER NOT NULL,
    PRIMARY KEY (EntityId, EventTime, Sequence)
) WITHOUT ROWID;

-- A log from before EventLogEntityTime existed: index what EventLogEntityIndex already covers, once
-- (the table is empty only then; SQLite tests the constant condition before it scans anything).
INSERT INTO EventLogEntityTime (EntityId, EventTime, Sequence)
SELECT EntityId, EventTime, Sequence FROM EventLog
WHERE Sequence <= (SELECT IndexedThrough FROM EventLogIndexState) AND NOT EXISTS (SELECT 1 FROM EventLogEntityTime)
ORDER BY EntityId, EventTime, Sequence;

-- An entity's state folded from all its events with EventTime <= UpTo (State is the fold's JSON),
-- so that its state at a later time folds only the events after UpTo. Sequence is how far the log
-- reached when the fold read it. The writer deletes an entity's snapshots from an event's time on
-- when that event arrives late, so every snapshot here is right for the log as it is.
CREATE TABLE IF NOT EXISTS EventLogSnapshot
(
    EntityId     TEXT    NOT NULL,
    UpTo         INTEGER NOT NULL,
    Sequence     INTEGER NOT NULL,
    State        TEXT    NOT NULL,
    EventsFolded INTEGER NOT NULL,
    PRIMARY KEY (EntityId, UpTo)
) WITHOUT ROWID;
