-- PostgreSQL form of ../0400_cluster.sql.

CREATE TABLE service_nodes (
    id                TEXT    NOT NULL PRIMARY KEY,
    host              TEXT    NOT NULL,
    pid               BIGINT  NOT NULL,
    started_at        BIGINT  NOT NULL,
    seen_at           BIGINT  NOT NULL
);

CREATE TABLE leases (
    name              TEXT    NOT NULL PRIMARY KEY,
    holder            TEXT    NOT NULL,
    acquired_at       BIGINT  NOT NULL,
    expires_at        BIGINT  NOT NULL
);

ALTER TABLE brief_jobs ADD COLUMN claimed_by TEXT;
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE schedule_runs ADD COLUMN node_id TEXT;
CREATE INDEX schedule_runs_by_firing ON schedule_runs (schedule_id, scheduled_for);
