-- The service (reportforge serve): schedules and their run history, on-demand brief jobs,
-- subscriptions and their deliveries, API keys, flash-brief state and alerts for the owner.
-- Quartz keeps its triggers in its own database (quartz.db); these tables say what they mean.

CREATE TABLE schedules (
    id                TEXT    NOT NULL PRIMARY KEY,
    kind              TEXT    NOT NULL CHECK (kind IN ('brief', 'ingest')),
    cron              TEXT    NOT NULL,
    time_zone         TEXT    NOT NULL,
    source            TEXT,
    template_set      TEXT    NOT NULL DEFAULT 'default',
    window_days_back  INTEGER NOT NULL DEFAULT 1,
    origin            TEXT    NOT NULL CHECK (origin IN ('config', 'api')),
    paused_reason     TEXT,
    paused_at         INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
) WITHOUT ROWID;

-- Execution history: one row per attempt of a schedule's firing.
CREATE TABLE schedule_runs (
    id                INTEGER PRIMARY KEY,
    schedule_id       TEXT    NOT NULL,
    fire_instance_id  TEXT    NOT NULL,
    scheduled_for     INTEGER NOT NULL,
    started_at        INTEGER NOT NULL,
    finished_at       INTEGER,
    attempt           INTEGER NOT NULL,
    cause             TEXT    NOT NULL,
    outcome           TEXT    NOT NULL CHECK (outcome IN ('running', 'succeeded', 'retrying', 'failed', 'interrupted')),
    report_id         TEXT,
    detail            TEXT
);
CREATE INDEX schedule_runs_by_schedule ON schedule_runs (schedule_id, started_at);

-- Briefs asked for through the API (and flash briefs): a bounded queue that survives a restart.
CREATE TABLE brief_jobs (
    id                TEXT    NOT NULL PRIMARY KEY,
    kind              TEXT    NOT NULL CHECK (kind IN ('on-demand', 'rerender', 'flash')),
    status            TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    window_start      INTEGER NOT NULL,
    window_end        INTEGER NOT NULL,
    time_zone         TEXT    NOT NULL,
    template_set      TEXT    NOT NULL,
    source_report_id  TEXT,
    schedule_id       TEXT,
    recipients_json   TEXT    NOT NULL DEFAULT '[]',
    report_id         TEXT,
    error             TEXT,
    created_at        INTEGER NOT NULL,
    started_at        INTEGER,
    finished_at       INTEGER
) WITHOUT ROWID;
CREATE INDEX brief_jobs_by_status ON brief_jobs (status, created_at);

CREATE TABLE subscriptions (
    id                TEXT    NOT NULL PRIMARY KEY,
    name              TEXT    NOT NULL,
    schedule_id       TEXT    NOT NULL,
    webhook_secret    TEXT,
    created_at        INTEGER NOT NULL
) WITHOUT ROWID;

-- Who receives a subscription's briefs, on which channel, with their own assets and time zone.
CREATE TABLE subscription_recipients (
    subscription_id   TEXT    NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    channel           TEXT    NOT NULL CHECK (channel IN ('email', 'webhook', 'folder')),
    address           TEXT    NOT NULL,
    assets_json       TEXT    NOT NULL DEFAULT '[]',
    time_zone         TEXT,
    unsubscribed_at   INTEGER,
    PRIMARY KEY (subscription_id, channel, address)
) WITHOUT ROWID;

-- One row per brief, subscription, recipient and channel, claimed before anything is sent, so a
-- retry or a restart can never send it twice (test sends carry their own test_id).
CREATE TABLE deliveries (
    id                TEXT    NOT NULL PRIMARY KEY,
    report_id         TEXT    NOT NULL,
    subscription_id   TEXT    NOT NULL,
    channel           TEXT    NOT NULL CHECK (channel IN ('email', 'webhook', 'folder')),
    recipient         TEXT    NOT NULL,
    test_id           TEXT    NOT NULL DEFAULT '',
    assets_json       TEXT    NOT NULL DEFAULT '[]',
    time_zone         TEXT,
    status            TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'uncertain')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   INTEGER NOT NULL,
    committing_at     INTEGER,
    last_error        TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    sent_at           INTEGER,
    UNIQUE (report_id, subscription_id, recipient, channel, test_id)
) WITHOUT ROWID;
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);

-- API keys created with `reportforge apikey create`: only the SHA-256 of a key is kept.
CREATE TABLE api_keys (
    name              TEXT    NOT NULL PRIMARY KEY,
    key_hash          TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    revoked_at        INTEGER
) WITHOUT ROWID;

-- Flash briefs: whether the trailing 24 h total is above its threshold, and when one last fired.
CREATE TABLE flash_state (
    rule              TEXT    NOT NULL PRIMARY KEY,
    above             INTEGER NOT NULL DEFAULT 0,
    last_total        REAL,
    last_edge         INTEGER,
    last_checked_at   INTEGER,
    last_fired_at     INTEGER,
    last_job_id       TEXT
) WITHOUT ROWID;

-- What the owner was told: retries exhausted, deliveries given up, flash briefs held back.
CREATE TABLE alerts (
    id                INTEGER PRIMARY KEY,
    at                INTEGER NOT NULL,
    kind              TEXT    NOT NULL,
    subject           TEXT    NOT NULL,
    message           TEXT    NOT NULL,
    notified          TEXT
);
