-- What each ingest or import did: which source, which window, rows per table, outcome.
CREATE TABLE ingest_runs (
    id           INTEGER PRIMARY KEY,
    source       TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('import', 'ingest')),
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER,
    window_from  INTEGER,
    window_to    INTEGER,
    outcome      TEXT    NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed', 'partial')),
    rows_json    TEXT    NOT NULL DEFAULT '{}',
    error        TEXT
);
CREATE INDEX ingest_runs_by_source ON ingest_runs (source, started_at);

-- The report archive: enough to find, serve and re-render every brief exactly.
CREATE TABLE reports (
    id                TEXT    NOT NULL PRIMARY KEY,
    created_at        INTEGER NOT NULL,
    window_start      INTEGER NOT NULL,
    window_end        INTEGER NOT NULL,
    time_zone         TEXT    NOT NULL,
    template_set      TEXT    NOT NULL,
    template_version  TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    headline          TEXT    NOT NULL DEFAULT '',
    facts_json        TEXT,
    pdf_path          TEXT,
    error             TEXT
) WITHOUT ROWID;
CREATE INDEX reports_by_window ON reports (window_start);
