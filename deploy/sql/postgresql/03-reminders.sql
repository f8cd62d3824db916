-- Orleans reminders (Microsoft.Orleans.Reminders.AdoNet 10.x, invariant "Npgsql") on PostgreSQL:
-- one table for the whole cluster; each silo reads the reminders of its slice of the hash ring.
-- Idempotent; creates OrleansQuery too when this script runs alone. Parameters Orleans binds:
--   ServiceId      ClusterOptions.ServiceId
--   GrainId        GrainId.ToString(), e.g. 'reportdeadline/report:42'
--   ReminderName   the name given to RegisterOrUpdateReminder
--   StartTime      first due time, UTC
--   Period         milliseconds (Int32 up to ~24.8 days, Int64 beyond)
--   GrainHash      GrainId.GetUniformHashCode(), a uint cast to a *signed* Int32
--   BeginHash, EndHash  a slice of the hash ring, cast to signed Int32 the same way
--   Version        the ETag to delete with, as Int32
-- Rows are read back by the column names GrainId, ReminderName, StartTime, Period and Version.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansReminders
(
    ServiceId    text        NOT NULL,
    GrainId      text        NOT NULL,
    ReminderName text        NOT NULL,
    StartTime    timestamptz NOT NULL,
    Period       bigint      NOT NULL,
    GrainHash    integer     NOT NULL,
    Version      integer     NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo reads its slice of the ring at start and whenever the ring changes.
CREATE INDEX IF NOT EXISTS IX_OrleansReminders_GrainHash ON OrleansReminders (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansReminders
WHERE ServiceId = @ServiceId::text AND GrainId = @GrainId::text;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- No row means "no such reminder".
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansReminders
WHERE ServiceId = @ServiceId::text AND GrainId = @GrainId::text AND ReminderName = @ReminderName::text;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- The ring slice (BeginHash, EndHash], chosen by the provider when (int)BeginHash < (int)EndHash:
-- it compares in the signed space the hashes are stored in, so this slice does not wrap.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansReminders
WHERE ServiceId = @ServiceId::text AND GrainHash > @BeginHash::integer AND GrainHash <= @EndHash::integer;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Otherwise the slice wraps past the top of the ring; BeginHash = EndHash (one silo owning the
-- whole ring) reads every row.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansReminders
WHERE ServiceId = @ServiceId::text AND (GrainHash > @BeginHash::integer OR GrainHash <= @EndHash::integer);
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Insert or overwrite, returning the new ETag. Orleans passes no ETag here: the last writer wins
-- and every earlier ETag becomes stale. Read back as Int32, so it wraps to 1 before it overflows.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', $q$
INSERT INTO OrleansReminders AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES (@ServiceId::text, @GrainId::text, @ReminderName::text, @StartTime::timestamptz, @Period::bigint, @GrainHash::integer, 1)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = excluded.StartTime,
    Period = excluded.Period,
    GrainHash = excluded.GrainHash,
    Version = CASE WHEN r.Version >= 2147483647 THEN 1 ELSE r.Version + 1 END
RETURNING Version;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Delete only under the current ETag; the provider reads one row with one boolean: did a row go?
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM OrleansReminders
    WHERE ServiceId = @ServiceId::text AND GrainId = @GrainId::text AND ReminderName = @ReminderName::text
      AND Version = @Version::integer
    RETURNING 1
)
SELECT count(*) > 0 FROM deleted;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Every reminder of the service (IReminderTable.TestOnlyClearTable).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', $q$
DELETE FROM OrleansReminders WHERE ServiceId = @ServiceId::text;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
