using System.Data.Common;
using Dapper;

namespace ReportForge.Reporting.Analysis.Liquidations;

/// <summary>Totals, splits, largest order and trader count of a window's liquidations.</summary>
public static class LiquidationAnalysis
{
    /// <summary>The window's liquidations from its best source (a market-wide aggregate before a tracked lower bound), or null when none are stored.</summary>
    private const string BucketsSql =
        """
        SELECT source AS Source, MAX(tracked) AS Tracked, asset AS Asset, exchange AS Exchange, side AS Side, SUM(usd) AS Usd,
               SUM(orders) AS Orders, SUM(CASE WHEN orders IS NULL THEN 1 ELSE 0 END) AS UncountedBuckets
        FROM liquidations
        WHERE source = @name AND time >= @start AND time < @end
        GROUP BY source, asset, exchange, side
        ORDER BY asset, exchange, side
        """;

    // Floating-point sums depend on the order they add up in: SQLite adds a group's buckets in key order (time,
    // interval), PostgreSQL in whatever order it reads them, so it is told the same order (the same brief to the cent).
    private const string PostgresBucketsSql =
        """
        SELECT source AS Source, MAX(tracked) AS Tracked, asset AS Asset, exchange AS Exchange, side AS Side, SUM(usd ORDER BY time, interval) AS Usd,
               SUM(orders) AS Orders, SUM(CASE WHEN orders IS NULL THEN 1 ELSE 0 END) AS UncountedBuckets
        FROM liquidations
        WHERE source = @name AND time >= @start AND time < @end
        GROUP BY source, asset, exchange, side
        ORDER BY asset, exchange, side
        """;

    public static async Task<LiquidationFacts?> AnalyseAsync(DbConnection connection, BriefWindow window, CancellationToken cancellationToken)
    {
        var range = new { start = window.Start.ToUnixTimeMilliseconds(), end = window.End.ToUnixTimeMilliseconds() };
        // Buckets of different sources overlap (an aggregate and a tracked lower bound of the same
        // hours), so one source is chosen for the window instead of adding them up. Reading source by source
        // follows the primary key (source, time, …): a range scan with no lookups.
        var all = new List<BucketRow>();
        string? previous = "";
        while (await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                   "SELECT MIN(source) FROM liquidations WHERE source > @previous", new { previous }, cancellationToken: cancellationToken)) is { } name)
        {
            all.AddRange(await connection.QueryAsync<BucketRow>(new CommandDefinition(
                connection is Microsoft.Data.Sqlite.SqliteConnection ? BucketsSql : PostgresBucketsSql,
                new { name, range.start, range.end }, cancellationToken: cancellationToken)));
            previous = name;
        }

        var source = all.GroupBy(b => b.Source, StringComparer.Ordinal)
            .Select(g => new SourceRow { Source = g.Key, Tracked = g.Max(b => b.Tracked), Total = g.Sum(b => b.Usd) })
            .OrderBy(g => g.Tracked).ThenByDescending(g => g.Total).ThenBy(g => g.Source, StringComparer.Ordinal)
            .FirstOrDefault();
        if (source is null)
        {
            return null;
        }

        var buckets = all.Where(b => b.Source == source.Source).ToList();

        // An 'all' row is the source's own total across exchanges; per-exchange rows then add detail only.
        var perExchange = buckets.Where(b => !string.Equals(b.Exchange, "all", StringComparison.OrdinalIgnoreCase)).ToList();
        var totals = buckets.Any(b => string.Equals(b.Exchange, "all", StringComparison.OrdinalIgnoreCase))
            ? buckets.Where(b => string.Equals(b.Exchange, "all", StringComparison.OrdinalIgnoreCase)).ToList()
            : perExchange;

        var longUsd = totals.Where(b => b.Side == "long").Sum(b => b.Usd);
        var shortUsd = totals.Where(b => b.Side == "short").Sum(b => b.Usd);
        var total = longUsd + shortUsd;
        if (total <= 0)
        {
            return null;
        }

        var byAsset = totals.GroupBy(b => b.Asset, StringComparer.Ordinal)
            .Select(g =>
            {
                var l = g.Where(b => b.Side == "long").Sum(b => b.Usd);
                var s = g.Where(b => b.Side == "short").Sum(b => b.Usd);
                return new AssetLiquidationFacts(g.Key, AssetNames.Of(g.Key), l + s, l, s, (l + s) / total);
            })
            .OrderByDescending(a => a.Total).ToList();
        var exchangeTotal = perExchange.Sum(b => b.Usd);
        var byExchange = perExchange.GroupBy(b => b.Exchange, StringComparer.Ordinal)
            .Select(g =>
            {
                var l = g.Where(b => b.Side == "long").Sum(b => b.Usd);
                var s = g.Where(b => b.Side == "short").Sum(b => b.Usd);
                return new ExchangeLiquidationFacts(g.Key, l + s, l, s, exchangeTotal > 0 ? (l + s) / exchangeTotal : 0);
            })
            .OrderByDescending(e => e.Total).ToList();

        long? orders = totals.Count > 0 && totals.All(b => b.UncountedBuckets == 0) ? totals.Sum(b => b.Orders ?? 0) : null;
        var largest = await connection.QueryFirstOrDefaultAsync<LargestRow>(new CommandDefinition(
            """
            SELECT exchange AS Exchange, symbol AS Symbol, asset AS Asset, side AS Side, usd AS Usd, price AS Price, time AS Time
            FROM liquidation_orders
            WHERE time >= @start AND time < @end
            ORDER BY usd DESC
            LIMIT 1
            """, range, cancellationToken: cancellationToken));

        return new LiquidationFacts(
            total, longUsd, shortUsd, longUsd / total, shortUsd / total,
            longUsd >= shortUsd ? "long" : "short",
            await TradersAsync(connection, window, cancellationToken),
            orders is > 0 ? orders : null,
            largest is null ? null : new LargestOrderFacts(largest.Exchange, largest.Symbol, largest.Asset, largest.Side, largest.Usd, largest.Price,
                window.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(largest.Time))),
            byAsset, byExchange, source.Source, source.Tracked != 0);
    }

    // Trader counts are published per UTC day; they describe only a window that is that day.
    private static async Task<long?> TradersAsync(DbConnection connection, BriefWindow window, CancellationToken cancellationToken)
    {
        if (!window.IsUtcDay)
        {
            return null;
        }

        return await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT traders_liquidated FROM market_days WHERE date = @date",
            new { date = window.Start.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken));
    }

    private sealed record SourceRow
    {
        public string Source { get; init; } = "";
        public long Tracked { get; init; }
        public double Total { get; init; }
    }

    private sealed record BucketRow
    {
        public string Source { get; init; } = "";
        public long Tracked { get; init; }
        public string Asset { get; init; } = "";
        public string Exchange { get; init; } = "";
        public string Side { get; init; } = "";
        public double Usd { get; init; }
        public long? Orders { get; init; }
        public long UncountedBuckets { get; init; }
    }

    private sealed record LargestRow
    {
        public string Exchange { get; init; } = "";
        public string Symbol { get; init; } = "";
        public string Asset { get; init; } = "";
        public string Side { get; init; } = "";
        public double Usd { get; init; }
        public double Price { get; init; }
        public long Time { get; init; }
    }
}
