-- Orleans reminders (Microsoft.Orleans.Reminders.AdoNet 10.x, invariant "System.Data.SQLite") on the
-- same embedded SQLite file as grain storage. SqliteDatabase.EnsureSchema runs every script of this
-- folder at every silo start, in name order, so this one is idempotent and does not rely on
-- storage.sql: it creates OrleansQuery itself if it is missing.
--
-- At start the reminder table loads its seven queries from OrleansQuery by key and refuses to start
-- if one is missing. It binds these parameters (Microsoft.Data.Sqlite matches the bare names to @Name):
--   ServiceId      ClusterOptions.ServiceId
--   GrainId        GrainId.ToString(), e.g. 'reportdeadline/report:42'
--   ReminderName   the name given to RegisterOrUpdateReminder
--   StartTime      first due time, a UTC DateTime, stored as ISO-8601 text without zone; it reads back
--                  with DateTimeKind.Unspecified, as from the SQL Server and PostgreSQL tables
--   Period         milliseconds (Int32 up to ~24.8 days, Int64 beyond)
--   GrainHash      GrainId.GetUniformHashCode(), a uint cast to a *signed* Int32
--   BeginHash, EndHash  a slice of the hash ring, cast to signed Int32 the same way
--   Version        the ETag to delete with, parsed as Int32
-- Rows are read back by the column names GrainId, ReminderName, StartTime, Period and Version; the
-- Version becomes the entry's ETag.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    TEXT    NOT NULL,
    GrainId      TEXT    NOT NULL,
    ReminderName TEXT    NOT NULL,
    StartTime    TEXT    NOT NULL,
    Period       INTEGER NOT NULL,
    GrainHash    INTEGER NOT NULL,
    Version      INTEGER NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo reads the reminders of its slice of the hash ring at start and whenever the ring changes.
CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_GrainHash ON OrleansRemindersTable (ServiceId, GrainHash);

-- Every reminder of one grain.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
');

-- One reminder of one grain; no row means "no such reminder".
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
');

-- The ring slice (BeginHash, EndHash]. The provider picks this query when (int)BeginHash <
-- (int)EndHash, i.e. it compares in the same signed space the hashes are stored in, so the slice
-- does not wrap here.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
');

-- Otherwise the slice wraps past the top of the ring: everything above BeginHash plus everything up
-- to EndHash. BeginHash = EndHash (one silo owning the whole ring) therefore reads every row.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
');

-- Insert or overwrite; must return exactly one row whose Version is the new ETag. Orleans passes no
-- ETag here: an upsert always wins (last writer wins) and makes every earlier ETag stale. The
-- version is read back as Int32, so it wraps to 1 before it overflows.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', '
INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = excluded.StartTime,
    Period = excluded.Period,
    GrainHash = excluded.GrainHash,
    Version = CASE WHEN Version >= 2147483647 THEN 1 ELSE Version + 1 END
RETURNING Version;
');

-- Delete only under the current ETag. The provider reads exactly one row with one column as a
-- boolean (did a row go?), so DELETE ... RETURNING, which returns no row on a stale ETag, will not
-- do: the DELETE returns nothing and changes() then answers 1 or 0.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', '
DELETE FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
  AND Version = @Version;
SELECT changes() > 0;
');

-- Every reminder of the service (IReminderTable.TestOnlyClearTable).
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', '
DELETE FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId;
');
