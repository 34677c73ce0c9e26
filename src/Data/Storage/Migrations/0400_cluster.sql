-- Several `reportforge serve` nodes on one database: each node says it is alive, work it takes is
-- marked with its id, and work held by a node that stopped saying so goes back to the others.

CREATE TABLE service_nodes (
    id                TEXT    NOT NULL PRIMARY KEY,
    host              TEXT    NOT NULL,
    pid               INTEGER NOT NULL,
    started_at        INTEGER NOT NULL,
    seen_at           INTEGER NOT NULL
) WITHOUT ROWID;

-- Work one node at a time may do (the liquidation collectors): the holder renews before expires_at.
CREATE TABLE leases (
    name              TEXT    NOT NULL PRIMARY KEY,
    holder            TEXT    NOT NULL,
    acquired_at       INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL
) WITHOUT ROWID;

ALTER TABLE brief_jobs ADD COLUMN claimed_by TEXT;
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE schedule_runs ADD COLUMN node_id TEXT;
-- A recovered firing finds the brief an earlier attempt of it archived, so its recipients get one brief.
CREATE INDEX schedule_runs_by_firing ON schedule_runs (schedule_id, scheduled_for);
