namespace ReportForge.Scheduler.Tests.TestSupport;

/// <summary>Settings that turn off every live source and collector the shipped appsettings.json enables: tests never reach the internet.</summary>
internal static class OfflineSources
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Sources:Binance:Enabled"] = "false",
        ["Sources:Bybit:Enabled"] = "false",
        ["Sources:Okx:Enabled"] = "false",
        ["Sources:CoinGlass:Enabled"] = "false",
        ["Sources:CoinGecko:Enabled"] = "false",
        ["Sources:Fred:Enabled"] = "false",
        ["Sources:Feeds:Enabled"] = "false",
        ["Sources:Collectors:Enabled"] = "false",
    };
}
