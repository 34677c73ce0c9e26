using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.CoinGecko;

/// <summary>Sources:CoinGecko — global market cap and per-coin daily market data (free; a demo key raises the limits).</summary>
public sealed class CoinGeckoOptions : SourceClientOptions
{
    public CoinGeckoOptions()
    {
        Enabled = true;
        // Demo plan: about 30 calls per minute; keyless public access gets less, so stay well below.
        RequestWeightLimit = 10;
    }

    public Uri BaseUrl { get; set; } = new("https://api.coingecko.com/api/v3");

    /// <summary>Optional demo key (x-cg-demo-api-key), or a pro key when <see cref="Pro"/> is set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The key is a paid pro key (header x-cg-pro-api-key; set BaseUrl to https://pro-api.coingecko.com/api/v3).</summary>
    public bool Pro { get; set; }

    /// <summary>CoinGecko coin id per asset; empty means BTC, ETH, SOL, XRP and DOGE.</summary>
    public Dictionary<string, string> Coins { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How far back the plan serves history (the demo plan: 365 days).</summary>
    public int HistoryDays { get; set; } = 365;

    /// <summary>The configured coin ids, or the defaults.</summary>
    public IReadOnlyDictionary<string, string> CoinIds() => Coins.Count > 0
        ? Coins
        : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["BTC"] = "bitcoin",
            ["ETH"] = "ethereum",
            ["SOL"] = "solana",
            ["XRP"] = "ripple",
            ["DOGE"] = "dogecoin",
        };
}
