-- PostgreSQL form of ../0101_largest_order_index.sql: same tables and keys; BIGINT for Unix milliseconds and 0/1 flags, DOUBLE PRECISION for figures.
-- The day's largest single liquidation is "orders in [start, end) by usd, highest first". With the index on
-- (time, usd) alone SQLite fetched every order of the window from the table (491,400 on a cascade day in the
-- benchmark, 100 ms); carrying the columns the query returns in the index answers it from the index alone.
DROP INDEX IF EXISTS liquidation_orders_by_time;
CREATE INDEX liquidation_orders_by_time ON liquidation_orders (time, usd, exchange, symbol, asset, side, price);
