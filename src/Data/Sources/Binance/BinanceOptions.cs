using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Binance;

/// <summary>Sources:Binance — USD-M futures candles, open interest and funding; spot candles as a fallback.</summary>
public sealed class BinanceOptions : SourceClientOptions
{
    public BinanceOptions()
    {
        Enabled = true;
        // Half of the documented 2400/min IP weight, so a collector or a second run on the host still fits.
        RequestWeightLimit = 1200;
    }

    /// <summary>USD-M futures REST host.</summary>
    public Uri FuturesBaseUrl { get; set; } = new("https://fapi.binance.com");

    /// <summary>Spot market-data host (the market-data-only host answers where the trading host does not).</summary>
    public Uri SpotBaseUrl { get; set; } = new("https://data-api.binance.vision");

    /// <summary>Assets whose candles, open interest and funding come from Binance; empty means BTC, ETH, SOL, XRP, DOGE.</summary>
    /// <remarks>Defaults are filled after binding: the configuration binder appends to a pre-filled array instead of replacing it.</remarks>
    public string[] Assets { get; set; } = [];

    /// <summary>Quote asset of the symbols (BTC + USDT = BTCUSDT).</summary>
    public string Quote { get; set; } = "USDT";

    /// <summary>Fetch candles from spot when futures is region-blocked or lacks the symbol.</summary>
    public bool SpotFallback { get; set; } = true;

    /// <summary>Period of the open-interest history (5m … 1d); Binance keeps 30 days of it.</summary>
    public string OpenInterestPeriod { get; set; } = "1h";
}
