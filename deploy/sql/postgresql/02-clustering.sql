-- Orleans cluster membership (Microsoft.Orleans.Clustering.AdoNet 10.x, invariant "Npgsql"): the
-- table every silo writes itself into at start and reads to find the others. Idempotent; needs
-- OrleansQuery from 01-storage.sql (created here too when this script runs alone).
--
-- The membership protocol reads and writes the whole table under one optimistic version per
-- cluster (OrleansMembershipVersion.Version): an insert or update of a silo's row only happens if
-- the version is still the one the silo read, and bumps it. Parameters Orleans binds:
--   DeploymentId                ClusterOptions.ClusterId
--   Address, Port, Generation   the silo's address (text), silo port and start generation
--   SiloName, HostName, ProxyPort (the gateway port, 0 if none), Status (SiloStatus as int: 3 Active, 6 Dead)
--   StartTime, IAmAliveTime     UTC times
--   SuspectTimes                'silo,time|silo,time' text written by Orleans, NULL when none
--   Version                     the table version the caller read (its ETag), as int
-- Rows are read back by these same column names; reads must return the version row even when the
-- cluster has no silo yet (a NULL StartTime marks "no silo in this row").

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansMembershipVersion
(
    DeploymentId text        NOT NULL PRIMARY KEY,
    Version      integer     NOT NULL,
    ChangedOn    timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansMembership
(
    DeploymentId text        NOT NULL REFERENCES OrleansMembershipVersion (DeploymentId),
    Address      text        NOT NULL,
    Port         integer     NOT NULL,
    Generation   integer     NOT NULL,
    SiloName     text        NOT NULL,
    HostName     text        NOT NULL,
    Status       integer     NOT NULL,
    ProxyPort    integer     NULL,
    SuspectTimes text        NULL,
    StartTime    timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Creates the cluster's version row once; true when this call created it.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO OrleansMembershipVersion (DeploymentId, Version, ChangedOn)
    VALUES (@DeploymentId::text, 0, now())
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT count(*) > 0 FROM created;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- One silo's row beside the table version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', $q$
SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime
FROM OrleansMembershipVersion v
LEFT JOIN OrleansMembership m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address::text AND m.Port = @Port::integer AND m.Generation = @Generation::integer
WHERE v.DeploymentId = @DeploymentId::text;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Every silo of the cluster beside the table version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', $q$
SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime
FROM OrleansMembershipVersion v
LEFT JOIN OrleansMembership m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId::text;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- A silo joins: bump the version if it is still the caller's and insert its row, both or neither.
-- The version UPDATE locks the version row, so a competing writer waits and then finds the
-- version changed; the NOT EXISTS keeps a repeated insert from bumping the version for nothing.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE OrleansMembershipVersion
    SET Version = Version + 1, ChangedOn = now()
    WHERE DeploymentId = @DeploymentId::text AND Version = @Version::integer AND Version < 2147483647
      AND NOT EXISTS (SELECT 1 FROM OrleansMembership
                      WHERE DeploymentId = @DeploymentId::text AND Address = @Address::text
                        AND Port = @Port::integer AND Generation = @Generation::integer)
    RETURNING DeploymentId
), inserted AS (
    INSERT INTO OrleansMembership
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT DeploymentId, @Address::text, @Port::integer, @Generation::integer, @SiloName::text, @HostName::text,
           @Status::integer, @ProxyPort::integer, @StartTime::timestamptz, @IAmAliveTime::timestamptz
    FROM bumped
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT count(*) > 0 FROM inserted;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- A silo's status or suspicions change: same version check, both or neither.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE OrleansMembershipVersion
    SET Version = Version + 1, ChangedOn = now()
    WHERE DeploymentId = @DeploymentId::text AND Version = @Version::integer AND Version < 2147483647
      AND EXISTS (SELECT 1 FROM OrleansMembership
                  WHERE DeploymentId = @DeploymentId::text AND Address = @Address::text
                    AND Port = @Port::integer AND Generation = @Generation::integer)
    RETURNING DeploymentId
), updated AS (
    UPDATE OrleansMembership m
    SET Status = @Status::integer,
        SuspectTimes = @SuspectTimes::text,
        IAmAliveTime = GREATEST(m.IAmAliveTime, @IAmAliveTime::timestamptz)
    FROM bumped
    WHERE m.DeploymentId = bumped.DeploymentId AND m.Address = @Address::text
      AND m.Port = @Port::integer AND m.Generation = @Generation::integer
    RETURNING 1
)
SELECT count(*) > 0 FROM updated;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- The heartbeat: outside the version protocol, and never moving the time backwards.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembership
SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime::timestamptz)
WHERE DeploymentId = @DeploymentId::text AND Address = @Address::text
  AND Port = @Port::integer AND Generation = @Generation::integer;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Gateways clients may connect to: active silos (Status is given, 3) with a gateway port.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation
FROM OrleansMembership
WHERE DeploymentId = @DeploymentId::text AND Status = @Status::integer AND ProxyPort > 0;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Drops a whole cluster's rows (tests and operators resetting a cluster id).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembership WHERE DeploymentId = @DeploymentId::text;
DELETE FROM OrleansMembershipVersion WHERE DeploymentId = @DeploymentId::text;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Housekeeping: forget dead silos (Status 6) that have not been heard of since the given time.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembership
WHERE DeploymentId = @DeploymentId::text AND Status = 6
  AND IAmAliveTime < @IAmAliveTime::timestamptz AND StartTime < @IAmAliveTime::timestamptz;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Newer providers forget one dead silo at a time, only if its row is still what they saw.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntryKey', $q$
DELETE FROM OrleansMembership
WHERE DeploymentId = @DeploymentId::text AND Status = 6
  AND Address = @Address::text AND Port = @Port::integer AND Generation = @Generation::integer
  AND IAmAliveTime = @IAmAliveTime::timestamptz AND StartTime = @StartTime::timestamptz
  AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes::text, '');
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
