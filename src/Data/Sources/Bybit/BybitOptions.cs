using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Bybit;

/// <summary>Sources:Bybit — alternative candles, open interest and funding from Bybit v5 public market data.</summary>
public sealed class BybitOptions : SourceClientOptions
{
    public BybitOptions()
    {
        // Documented 600 requests / 5 s per IP; exceeding it earns a 10-minute 403.
        RequestWeightLimit = 300;
        RequestWeightWindow = TimeSpan.FromSeconds(5);
    }

    public Uri BaseUrl { get; set; } = new("https://api.bybit.com");

    /// <summary>Assets whose candles, open interest and funding come from Bybit (none by default).</summary>
    public string[] Assets { get; set; } = [];

    public string Quote { get; set; } = "USDT";

    /// <summary>linear (USDT perpetuals) or spot.</summary>
    public string Category { get; set; } = "linear";
}
