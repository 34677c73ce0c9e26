using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Fred;

/// <summary>Sources:Fred — an equity index close from FRED's CSV download, stored as daily candles of its own asset.</summary>
public sealed class FredOptions : SourceClientOptions
{
    public FredOptions()
    {
        Enabled = true;
        RequestWeightLimit = 30;
    }

    public Uri BaseUrl { get; set; } = new("https://fred.stlouisfed.org");

    /// <summary>NASDAQ100 (stored as NDX) or SP500 (stored as SPX).</summary>
    public string Series { get; set; } = "NASDAQ100";

    /// <summary>The asset the series is stored as.</summary>
    public string Asset => AssetOf(Series) ?? Series;

    /// <summary>The stored asset of a known series, or null.</summary>
    public static string? AssetOf(string series) => series switch
    {
        "NASDAQ100" => "NDX",
        "SP500" => "SPX",
        _ => null,
    };
}
