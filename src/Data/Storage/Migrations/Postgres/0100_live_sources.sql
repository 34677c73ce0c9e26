-- PostgreSQL form of ../0100_live_sources.sql: same tables and keys; BIGINT for Unix milliseconds and 0/1 flags, DOUBLE PRECISION for figures.
-- Live sources (issue 3): per-coin market data, rolling liquidation snapshots and collector gaps.

-- Per-coin figures at 00:00 UTC of a date (CoinGecko daily chart points).
CREATE TABLE coin_market_days (
    date            TEXT    NOT NULL,
    asset           TEXT    NOT NULL,
    price_usd       DOUBLE PRECISION,
    market_cap_usd  DOUBLE PRECISION,
    volume_24h_usd  DOUBLE PRECISION,
    source          TEXT    NOT NULL,
    PRIMARY KEY (asset, date)
);

-- A rolling-range aggregate (e.g. CoinGlass "last 24 h" per exchange) as it stood when it was taken.
-- It is not a calendar-day bucket, so it is kept apart from the liquidations table.
CREATE TABLE liquidation_snapshots (
    source      TEXT    NOT NULL,
    taken_at    BIGINT  NOT NULL,
    range       TEXT    NOT NULL,
    exchange    TEXT    NOT NULL,
    usd         DOUBLE PRECISION NOT NULL,
    long_usd    DOUBLE PRECISION NOT NULL,
    short_usd   DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (source, taken_at, range, exchange)
);

-- Spans in which a liquidation collector was not connected: tracked totals there miss orders.
CREATE TABLE collector_gaps (
    collector   TEXT    NOT NULL,
    gap_start   BIGINT  NOT NULL,
    gap_end     BIGINT  NOT NULL,
    reason      TEXT    NOT NULL,
    PRIMARY KEY (collector, gap_start)
);
CREATE INDEX collector_gaps_by_end ON collector_gaps (gap_end);

-- Feed headlines are de-duplicated by link.
CREATE INDEX catalysts_by_url ON catalysts (url);
