-- Live sources (issue 3): per-coin market data, rolling liquidation snapshots and collector gaps.

-- Per-coin figures at 00:00 UTC of a date (CoinGecko daily chart points).
CREATE TABLE coin_market_days (
    date            TEXT    NOT NULL,
    asset           TEXT    NOT NULL,
    price_usd       REAL,
    market_cap_usd  REAL,
    volume_24h_usd  REAL,
    source          TEXT    NOT NULL,
    PRIMARY KEY (asset, date)
) WITHOUT ROWID;

-- A rolling-range aggregate (e.g. CoinGlass "last 24 h" per exchange) as it stood when it was taken.
-- It is not a calendar-day bucket, so it is kept apart from the liquidations table.
CREATE TABLE liquidation_snapshots (
    source      TEXT    NOT NULL,
    taken_at    INTEGER NOT NULL,
    range       TEXT    NOT NULL,
    exchange    TEXT    NOT NULL,
    usd         REAL    NOT NULL,
    long_usd    REAL    NOT NULL,
    short_usd   REAL    NOT NULL,
    PRIMARY KEY (source, taken_at, range, exchange)
) WITHOUT ROWID;

-- Spans in which a liquidation collector was not connected: tracked totals there miss orders.
CREATE TABLE collector_gaps (
    collector   TEXT    NOT NULL,
    gap_start   INTEGER NOT NULL,
    gap_end     INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    PRIMARY KEY (collector, gap_start)
) WITHOUT ROWID;
CREATE INDEX collector_gaps_by_end ON collector_gaps (gap_end);

-- Feed headlines are de-duplicated by link.
CREATE INDEX catalysts_by_url ON catalysts (url);
