using System.Data.Common;
using System.Globalization;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Sources.CoinGecko;

/// <summary>Price, market cap and rolling 24 h volume of one coin at 00:00 UTC of a date; any figure may be unknown.</summary>
public sealed record CoinMarketDay(DateOnly Date, string Asset, double? PriceUsd, double? MarketCapUsd, double? Volume24hUsd, string Source);

/// <summary>Writes per-coin daily market figures.</summary>
public static class CoinMarketStore
{
    private const string UpsertSql =
        """
        INSERT INTO coin_market_days (date, asset, price_usd, market_cap_usd, volume_24h_usd, source)
        VALUES ($date, $asset, $price, $cap, $volume, $source)
        ON CONFLICT (asset, date) DO UPDATE SET
            price_usd = COALESCE(excluded.price_usd, coin_market_days.price_usd),
            market_cap_usd = COALESCE(excluded.market_cap_usd, coin_market_days.market_cap_usd),
            volume_24h_usd = COALESCE(excluded.volume_24h_usd, coin_market_days.volume_24h_usd),
            source = excluded.source
        WHERE coin_market_days.price_usd IS NOT COALESCE(excluded.price_usd, coin_market_days.price_usd)
           OR coin_market_days.market_cap_usd IS NOT COALESCE(excluded.market_cap_usd, coin_market_days.market_cap_usd)
           OR coin_market_days.volume_24h_usd IS NOT COALESCE(excluded.volume_24h_usd, coin_market_days.volume_24h_usd)
           OR coin_market_days.source IS NOT excluded.source
        """;

    private static readonly string[] Parameters = ["$date", "$asset", "$price", "$cap", "$volume", "$source"];

    public static int Upsert(DbTransaction transaction, IEnumerable<CoinMarketDay> days, CancellationToken cancellationToken) =>
        PreparedBatch.Execute(transaction, UpsertSql, Parameters, days, static (d, p) =>
        {
            p[0].Value = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            p[1].Value = d.Asset;
            p[2].Value = PreparedBatch.Nullable(d.PriceUsd);
            p[3].Value = PreparedBatch.Nullable(d.MarketCapUsd);
            p[4].Value = PreparedBatch.Nullable(d.Volume24hUsd);
            p[5].Value = d.Source;
        }, cancellationToken);
}
