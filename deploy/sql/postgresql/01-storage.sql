-- Orleans grain storage (Microsoft.Orleans.Persistence.AdoNet 10.x, invariant "Npgsql") on PostgreSQL.
-- Every script of this folder is idempotent and applied in name order, by hand:
--   for f in deploy/sql/postgresql/*.sql; do psql "$PG" -v ON_ERROR_STOP=1 -f "$f"; done
-- or by the silo at start with Storage:ApplySchema=true (SmartCity.Silo.Storage.PostgresDatabase).
--
-- The provider loads its queries from OrleansQuery by key (names unquoted: Orleans queries them
-- unquoted, so PostgreSQL folds them to lower case on both sides). It binds these parameters:
--   ServiceId               ClusterOptions.ServiceId
--   GrainTypeString         the [PersistentState] name, not the grain class: keep names unique
--   GrainIdN0, GrainIdN1    integer or Guid part of the grain key, 0 and 0 for string keys
--   GrainIdExtensionString  the string key or key extension, NULL when there is none
--   GrainIdHash, GrainTypeHash  hashes of the above; unused here, the full key is the primary key
--   GrainStateVersion       the grain's ETag: NULL until its first write (writes and clears)
--   PayloadBinary           the serialized state (writes only)
-- A NULL parameter reaches PostgreSQL without a type, so every parameter is cast where it is used.
-- Versions are read back as Int32, so they wrap to 1 before they overflow.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansGrainState
(
    ServiceId        text        NOT NULL,
    StateName        text        NOT NULL,
    GrainIdN0        bigint      NOT NULL,
    GrainIdN1        bigint      NOT NULL,
    -- '' stands for "no string part", so the key has no NULL in it and one grain has one row.
    GrainIdExtension text        NOT NULL,
    -- NULL once the state is cleared: the row stays so its version keeps counting up.
    PayloadBinary    bytea       NULL,
    Version          integer     NOT NULL,
    ModifiedOn       timestamptz NOT NULL,
    PRIMARY KEY (ServiceId, StateName, GrainIdN0, GrainIdN1, GrainIdExtension)
);

-- Reads PayloadBinary and Version; no row (or a NULL payload) means "no state yet".
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', $q$
SELECT PayloadBinary, Version
FROM OrleansGrainState
WHERE ServiceId = @ServiceId::text AND StateName = @GrainTypeString::text
  AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
  AND GrainIdExtension = COALESCE(@GrainIdExtensionString::text, '');
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Write = compare-and-swap on Version, in one statement. The provider takes the returned
-- NewGrainStateVersion as the new ETag, and raises InconsistentStateException when no row comes back:
--  * the UPDATE only matches the version the grain last saw (a NULL ETag matches nothing);
--  * the INSERT only runs for a grain that has never written (NULL ETag) and does nothing if a row
--    already exists, i.e. another activation on another silo wrote first.
-- At most one of the two returns a row, so two silos can never both win.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE OrleansGrainState
    SET PayloadBinary = @PayloadBinary::bytea,
        Version = CASE WHEN Version >= 2147483647 THEN 1 ELSE Version + 1 END,
        ModifiedOn = now()
    WHERE ServiceId = @ServiceId::text AND StateName = @GrainTypeString::text
      AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
      AND GrainIdExtension = COALESCE(@GrainIdExtensionString::text, '')
      AND Version = @GrainStateVersion::integer
    RETURNING Version
), inserted AS (
    INSERT INTO OrleansGrainState
        (ServiceId, StateName, GrainIdN0, GrainIdN1, GrainIdExtension, PayloadBinary, Version, ModifiedOn)
    SELECT @ServiceId::text, @GrainTypeString::text, @GrainIdN0::bigint, @GrainIdN1::bigint,
           COALESCE(@GrainIdExtensionString::text, ''), @PayloadBinary::bytea, 1, now()
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version
)
SELECT Version AS NewGrainStateVersion FROM updated
UNION ALL
SELECT Version FROM inserted;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- ClearStateAsync (default): drop the payload, keep the row and bump its version, under the same
-- version check as a write. The provider reads the first column as the new ETag.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', $q$
UPDATE OrleansGrainState
SET PayloadBinary = NULL,
    Version = CASE WHEN Version >= 2147483647 THEN 1 ELSE Version + 1 END,
    ModifiedOn = now()
WHERE ServiceId = @ServiceId::text AND StateName = @GrainTypeString::text
  AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
  AND GrainIdExtension = COALESCE(@GrainIdExtensionString::text, '')
  AND Version = @GrainStateVersion::integer
RETURNING Version AS NewGrainStateVersion;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- ClearStateAsync with DeleteStateOnClear = true: delete the row under the version check. The
-- provider treats a returned value equal to the grain's ETag as a conflict, so return Version + 1;
-- it then forgets the ETag and the next write inserts a fresh row.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', $q$
DELETE FROM OrleansGrainState
WHERE ServiceId = @ServiceId::text AND StateName = @GrainTypeString::text
  AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
  AND GrainIdExtension = COALESCE(@GrainIdExtensionString::text, '')
  AND Version = @GrainStateVersion::integer
RETURNING Version + 1 AS NewGrainStateVersion;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
