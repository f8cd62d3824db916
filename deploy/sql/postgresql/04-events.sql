-- The twin's event log (SmartCity.Silo.Storage.PostgresEventLog) on PostgreSQL, shared by every silo
-- of a cluster. Idempotent like the other scripts of this folder (applied in name order, see 01-storage.sql).
-- The same columns and meanings as the SQLite log (deploy/sql/sqlite-events/events.sql), so that
-- exports, replays and the contract tests do not care which log wrote them.
--
-- Sequence is the global order of events: strictly increasing in COMMIT order, without gaps, so a
-- reader that pages with "Sequence > last seen" (the live feed's resume, exports) never misses one.
-- Neither a SEQUENCE nor an identity column gives that: numbers are handed out when rows are inserted,
-- not when they commit, and a rolled-back insert leaves a hole. Instead every writer takes one
-- transaction-level advisory lock (pg_advisory_xact_lock, key 0x5343_4556_4C4F_47, "SCEVLOG"),
-- numbers its rows MAX(Sequence)+1 onwards and commits; the lock is released only once the commit is
-- visible, so the next writer's MAX already counts those rows. Snapshot saves take the same lock, so
-- a save and an append from any two silos happen one after the other, never interleaved.
--
-- EventTime and LoggedAt are UTC ticks (100 ns since 0001-01-01, .NET's DateTime.Ticks), as in the
-- SQLite log, not timestamptz: timestamptz keeps microseconds, so an event time with finer ticks
-- would come back different, compare differently against a snapshot's UpTo, and order ties
-- differently than the same log on SQLite or in memory. EventLogReadable shows them as timestamptz.
-- Payload is the event's own JSON kept as text, byte for byte: jsonb would reorder keys and drop spaces.
-- EntityVersion, when given, numbers an entity's own events (a report's steps): an event appended
-- twice under one version is kept once, whichever silo appends it, so an entity may safely append
-- again what it is not sure reached the log.

CREATE TABLE IF NOT EXISTS EventLog
(
    Sequence      bigint  NOT NULL PRIMARY KEY,
    Type          text    NOT NULL,
    EntityId      text    NOT NULL,
    DistrictId    text,
    GridCellId    text,
    EntityVersion integer,
    EventTime     bigint  NOT NULL,
    LoggedAt      bigint  NOT NULL,
    Payload       text    NOT NULL
);

-- At most one event per entity version. Partial: readings carry none and so never pay for it.
-- Writers look versions up under the lock and skip those already logged; this index is the guarantee.
CREATE UNIQUE INDEX IF NOT EXISTS EventLogEntityVersion ON EventLog (EntityId, EntityVersion) WHERE EntityVersion IS NOT NULL;

-- An entity's history in log order (reads by entity, paged by sequence). Unlike SQLite, PostgreSQL
-- writes a commit's index changes to its WAL (flushed once per commit anyway) and the index pages
-- themselves at checkpoints, so plain indexes cost ingest little and need no batch-filled side tables.
CREATE INDEX IF NOT EXISTS EventLogByEntity ON EventLog (EntityId, Sequence);

-- An entity's timeline: events in event-time order, ties in log order, for its state at a past time;
-- also how a snapshot save finds an event logged after its fold read the log.
CREATE INDEX IF NOT EXISTS EventLogByEntityTime ON EventLog (EntityId, EventTime, Sequence);

-- Export and replay of a time range.
CREATE INDEX IF NOT EXISTS EventLogByEventTime ON EventLog (EventTime);

-- An entity's state folded from all its events with EventTime <= UpTo (State is the fold's JSON),
-- so that its state at a later time folds only the events after UpTo. Sequence is how far the log
-- reached when the fold read it. An append deletes an entity's snapshots from its event's time on
-- in the same transaction, so every snapshot here is right for the log as it is.
CREATE TABLE IF NOT EXISTS EventLogSnapshot
(
    EntityId     text   NOT NULL,
    UpTo         bigint NOT NULL,
    Sequence     bigint NOT NULL,
    State        text   NOT NULL,
    EventsFolded bigint NOT NULL,
    PRIMARY KEY (EntityId, UpTo)
);

-- The log for people at a psql prompt: times as timestamptz (to the microsecond).
-- 621355968000000000 is the tick count of 1970-01-01T00:00:00Z.
CREATE OR REPLACE VIEW EventLogReadable AS
SELECT Sequence, Type, EntityId, DistrictId, GridCellId, EntityVersion,
       to_timestamp((EventTime - 621355968000000000) / 10000000.0) AS EventTime,
       to_timestamp((LoggedAt - 621355968000000000) / 10000000.0) AS LoggedAt,
       Payload
FROM EventLog;
