using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.CoinGlass;

/// <summary>Sources:CoinGlass — market-wide liquidation aggregates (paid; needs Sources:CoinGlass:ApiKey).</summary>
public sealed class CoinGlassOptions : SourceClientOptions
{
    public CoinGlassOptions()
    {
        // The Hobbyist plan's 30 requests per minute; raise it for a bigger plan.
        RequestWeightLimit = 30;
    }

    public Uri BaseUrl { get; set; } = new("https://open-api-v4.coinglass.com");

    /// <summary>The CG-API-KEY of the account; required when the source is enabled.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Coins whose liquidation history is fetched; empty means BTC, ETH, SOL, XRP, DOGE.</summary>
    public string[] Assets { get; set; } = [];

    /// <summary>Exchanges whose per-coin history is fetched (each becomes its own bucket); empty means Binance, OKX, Bybit.</summary>
    public string[] Exchanges { get; set; } = [];

    /// <summary>Bucket of the history: 1d or 1h (plans limit the intervals they serve).</summary>
    public string Interval { get; set; } = "1d";

    /// <summary>Fetch single liquidation orders (Standard plan and above; last 7 days) for the largest-order figure.</summary>
    public bool IncludeOrders { get; set; }

    /// <summary>Smallest order (USD) asked for when <see cref="IncludeOrders"/> is on.</summary>
    public double MinOrderUsd { get; set; } = 100_000;
}
