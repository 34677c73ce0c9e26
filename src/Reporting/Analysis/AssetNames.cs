namespace ReportForge.Reporting.Analysis;

/// <summary>Display names of the tracked assets; an unknown ticker is shown as itself.</summary>
public static class AssetNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BTC"] = "Bitcoin",
        ["ETH"] = "Ethereum",
        ["SOL"] = "Solana",
        ["XRP"] = "XRP",
        ["DOGE"] = "Dogecoin",
        ["OTHER"] = "Other coins",
        ["NDX"] = "Nasdaq-100",
        ["SPX"] = "S&P 500",
    };

    public static string Of(string asset) => Names.TryGetValue(asset, out var name) ? name : asset;
}
