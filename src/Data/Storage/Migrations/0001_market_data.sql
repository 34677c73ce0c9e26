-- Market data: one table per file of the import format. Times are Unix milliseconds (UTC).
-- Every row keeps the source it came from, so a brief can name where its figures come from.

CREATE TABLE candles (
    asset       TEXT    NOT NULL,
    interval    TEXT    NOT NULL CHECK (interval IN ('1h', '1d')),
    time        INTEGER NOT NULL,
    open        REAL    NOT NULL,
    high        REAL    NOT NULL,
    low         REAL    NOT NULL,
    close       REAL    NOT NULL,
    volume_usd  REAL    NOT NULL,
    source      TEXT    NOT NULL,
    PRIMARY KEY (asset, interval, time)
) WITHOUT ROWID;

-- Aggregated liquidation buckets. Several sources may hold the same hour (a paid aggregate and
-- a tracked lower bound), so the source is part of the key; analysis picks one per window.
CREATE TABLE liquidations (
    source      TEXT    NOT NULL,
    time        INTEGER NOT NULL,
    interval    TEXT    NOT NULL CHECK (interval IN ('1h', '1d')),
    asset       TEXT    NOT NULL,
    exchange    TEXT    NOT NULL,
    side        TEXT    NOT NULL CHECK (side IN ('long', 'short')),
    usd         REAL    NOT NULL,
    orders      INTEGER,
    tracked     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (source, time, interval, asset, exchange, side)
) WITHOUT ROWID;
CREATE INDEX liquidations_by_time ON liquidations (time);

-- Single forced orders; the natural key is what the exchanges' streams repeat on reconnect.
CREATE TABLE liquidation_orders (
    time        INTEGER NOT NULL,
    exchange    TEXT    NOT NULL,
    symbol      TEXT    NOT NULL,
    asset       TEXT    NOT NULL,
    side        TEXT    NOT NULL CHECK (side IN ('long', 'short')),
    price       REAL    NOT NULL,
    quantity    REAL    NOT NULL,
    usd         REAL    NOT NULL,
    source      TEXT    NOT NULL,
    PRIMARY KEY (exchange, symbol, time, side, price, quantity)
);
CREATE INDEX liquidation_orders_by_time ON liquidation_orders (time, usd);

CREATE TABLE market_days (
    date                  TEXT    NOT NULL PRIMARY KEY,
    total_market_cap_usd  REAL,
    traders_liquidated    INTEGER,
    source                TEXT    NOT NULL
) WITHOUT ROWID;

CREATE TABLE derivatives (
    time               INTEGER NOT NULL,
    asset              TEXT    NOT NULL,
    open_interest_usd  REAL,
    funding_rate       REAL,
    source             TEXT    NOT NULL,
    PRIMARY KEY (asset, time)
) WITHOUT ROWID;

CREATE TABLE catalysts (
    id        INTEGER PRIMARY KEY,
    time      INTEGER NOT NULL,
    title     TEXT    NOT NULL,
    category  TEXT    NOT NULL,
    summary   TEXT    NOT NULL DEFAULT '',
    url       TEXT    NOT NULL DEFAULT '',
    source    TEXT    NOT NULL,
    UNIQUE (time, title)
);
CREATE INDEX catalysts_by_time ON catalysts (time);

-- Named datasets that were imported (the bundled sample marks itself, so a brief can say so).
CREATE TABLE sources (
    name         TEXT    NOT NULL PRIMARY KEY,
    description  TEXT    NOT NULL DEFAULT '',
    is_sample    INTEGER NOT NULL DEFAULT 0,
    tracked      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
