using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Okx;

/// <summary>Sources:Okx — alternative candles, open interest and funding from OKX v5 public data.</summary>
public sealed class OkxOptions : SourceClientOptions
{
    public OkxOptions()
    {
        // Public market endpoints allow about 20 requests / 2 s per IP.
        RequestWeightLimit = 10;
        RequestWeightWindow = TimeSpan.FromSeconds(2);
    }

    public Uri BaseUrl { get; set; } = new("https://www.okx.com");

    /// <summary>Assets whose candles, open interest and funding come from OKX (none by default).</summary>
    public string[] Assets { get; set; } = [];

    public string Quote { get; set; } = "USDT";
}
