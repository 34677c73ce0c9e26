using System.Data.Common;
using System.Globalization;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Market;

/// <summary>Writes market-wide daily figures.</summary>
public static class MarketDayStore
{
    // An empty figure means "not known here", so it never erases a figure another source stored.
    private const string UpsertSql =
        """
        INSERT INTO market_days (date, total_market_cap_usd, traders_liquidated, source)
        VALUES ($date, $cap, $traders, $source)
        ON CONFLICT (date) DO UPDATE SET
            total_market_cap_usd = COALESCE(excluded.total_market_cap_usd, market_days.total_market_cap_usd),
            traders_liquidated = COALESCE(excluded.traders_liquidated, market_days.traders_liquidated),
            source = excluded.source
        WHERE market_days.total_market_cap_usd IS NOT COALESCE(excluded.total_market_cap_usd, market_days.total_market_cap_usd)
           OR market_days.traders_liquidated IS NOT COALESCE(excluded.traders_liquidated, market_days.traders_liquidated)
           OR market_days.source IS NOT excluded.source
        """;

    private static readonly string[] Parameters = ["$date", "$cap", "$traders", "$source"];

    /// <summary>Inserts new days and fills or changes known ones; returns how many rows changed.</summary>
    public static int Upsert(DbTransaction transaction, IEnumerable<MarketDay> days, CancellationToken cancellationToken) =>
        PreparedBatch.Execute(transaction, UpsertSql, Parameters, days, static (d, p) =>
        {
            p[0].Value = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            p[1].Value = PreparedBatch.Nullable(d.TotalMarketCapUsd);
            p[2].Value = PreparedBatch.Nullable(d.TradersLiquidated);
            p[3].Value = d.Source;
        }, cancellationToken);
}
