-- Orleans grain storage (Microsoft.Orleans.Persistence.AdoNet 10.x, invariant "System.Data.SQLite")
-- on an embedded SQLite file. SqliteDatabase.EnsureSchema runs this at every silo start, so every
-- statement is idempotent: CREATE ... IF NOT EXISTS and INSERT OR REPLACE of the query texts.
--
-- At start the provider loads its four queries from OrleansQuery by key. It runs each one on a
-- fresh connection without a transaction and binds these parameters (Microsoft.Data.Sqlite
-- matches the bare names to @Name):
--   ServiceId               ClusterOptions.ServiceId
--   GrainTypeString         the [PersistentState] name, not the grain class: keep names unique
--   GrainIdN0, GrainIdN1    integer or Guid part of the grain key, 0 and 0 for string keys
--   GrainIdExtensionString  the string key or key extension, NULL when there is none
--   GrainIdHash, GrainTypeHash  hashes of the above; unused here, the full key is the primary key
--   GrainStateVersion       the grain's ETag: NULL until its first write (writes and clears)
--   PayloadBinary           the serialized state (writes only)
-- Versions are read back as Int32, so they wrap to 1 before they overflow.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansGrainState
(
    ServiceId        TEXT    NOT NULL,
    StateName        TEXT    NOT NULL,
    GrainIdN0        INTEGER NOT NULL,
    GrainIdN1        INTEGER NOT NULL,
    -- '' stands for "no string part": NULLs never collide in a SQLite key, so they would let
    -- two rows exist for one grain.
    GrainIdExtension TEXT    NOT NULL,
    -- NULL once the state is cleared: the row stays so its version keeps counting up.
    PayloadBinary    BLOB    NULL,
    Version          INTEGER NOT NULL,
    ModifiedUnixTime INTEGER NOT NULL,
    PRIMARY KEY (ServiceId, StateName, GrainIdN0, GrainIdN1, GrainIdExtension)
);

-- Reads PayloadBinary and Version; no row (or a NULL payload) means "no state yet".
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT PayloadBinary, Version
FROM OrleansGrainState
WHERE ServiceId = @ServiceId AND StateName = @GrainTypeString
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainIdExtension = IFNULL(@GrainIdExtensionString, '''');
');

-- Write = compare-and-swap on Version. The provider takes the returned NewGrainStateVersion as
-- the new ETag, and raises InconsistentStateException when no row comes back. So:
--  * the UPDATE only matches the version the grain last saw (a NULL ETag matches nothing);
--  * the INSERT only runs for a grain that has never written (NULL ETag) and does nothing if a
--    row already exists, i.e. another activation wrote first.
-- Exactly one of the two can return a row. Each statement is atomic on its own, so no
-- transaction is needed and two silos cannot both win.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
UPDATE OrleansGrainState
SET PayloadBinary = @PayloadBinary,
    Version = CASE WHEN Version >= 2147483647 THEN 1 ELSE Version + 1 END,
    ModifiedUnixTime = unixepoch()
WHERE ServiceId = @ServiceId AND StateName = @GrainTypeString
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainIdExtension = IFNULL(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;

INSERT INTO OrleansGrainState
    (ServiceId, StateName, GrainIdN0, GrainIdN1, GrainIdExtension, PayloadBinary, Version, ModifiedUnixTime)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, IFNULL(@GrainIdExtensionString, ''''),
       @PayloadBinary, 1, unixepoch()
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING Version AS NewGrainStateVersion;
');

-- ClearStateAsync (default): drop the payload, keep the row and bump its version, under the same
-- version check as a write. The provider reads the first column as the new ETag.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE OrleansGrainState
SET PayloadBinary = NULL,
    Version = CASE WHEN Version >= 2147483647 THEN 1 ELSE Version + 1 END,
    ModifiedUnixTime = unixepoch()
WHERE ServiceId = @ServiceId AND StateName = @GrainTypeString
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainIdExtension = IFNULL(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
');

-- ClearStateAsync with AdoNetGrainStorageOptions.DeleteStateOnClear = true: delete the row under
-- the version check. The provider treats a returned value equal to the grain's ETag as a conflict,
-- so return Version + 1; it then forgets the ETag and the next write inserts a fresh row.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM OrleansGrainState
WHERE ServiceId = @ServiceId AND StateName = @GrainTypeString
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainIdExtension = IFNULL(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion
RETURNING Version + 1 AS NewGrainStateVersion;
');
