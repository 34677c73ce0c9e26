namespace ReportForge.SampleData;

/// <summary>
/// A crypto asset of the sample: quoting precision, typical hourly volatility (log-return σ), how closely it
/// follows the shared market factor, and its typical daily traded value in the early and the late period.
/// </summary>
internal sealed record CryptoAsset(
    string Symbol,
    int PriceDecimals,
    int QuantityDecimals,
    double HourlyVolatility,
    double MarketCorrelation,
    (double Early, double Late) DailyVolumeUsd,
    int Seed);

/// <summary>The five assets the sample prices, in file order.</summary>
internal static class Assets
{
    public static readonly CryptoAsset Btc = new("BTC", 2, 3, 0.0042, 0.97, (46e9, 52e9), 101);
    public static readonly CryptoAsset Eth = new("ETH", 2, 3, 0.0058, 0.88, (26e9, 33e9), 102);
    public static readonly CryptoAsset Sol = new("SOL", 2, 2, 0.0072, 0.80, (5.2e9, 6.1e9), 103);
    public static readonly CryptoAsset Xrp = new("XRP", 4, 1, 0.0074, 0.72, (6.4e9, 4.6e9), 104);
    public static readonly CryptoAsset Doge = new("DOGE", 5, 0, 0.0080, 0.78, (3.1e9, 2.2e9), 105);

    public static readonly IReadOnlyList<CryptoAsset> Crypto = [Btc, Eth, Sol, Xrp, Doge];

    public const string Nasdaq100 = "NDX";

    /// <summary>Liquidation buckets also carry every other coin under one name.</summary>
    public const string Other = "OTHER";

    public static readonly IReadOnlyList<string> LiquidationAssets = ["BTC", "ETH", "SOL", "XRP", "DOGE", Other];

    public static CryptoAsset Get(string symbol) => Crypto.First(a => a.Symbol == symbol);
}

/// <summary>Derivatives venues in the liquidation files and how each names a USDT perpetual.</summary>
internal static class Exchanges
{
    public const string Hyperliquid = "Hyperliquid";

    public static readonly IReadOnlyList<string> All = ["Binance", "Bybit", "OKX", "HTX", "Bitget", "Gate", Hyperliquid];

    // Rough shares of market-wide liquidations; Hyperliquid is only tracked in the late period.
    public static readonly IReadOnlyList<double> EarlyShares = [0.36, 0.24, 0.16, 0.08, 0.10, 0.06, 0.0];
    public static readonly IReadOnlyList<double> LateShares = [0.31, 0.20, 0.13, 0.06, 0.09, 0.05, 0.16];

    public static IReadOnlyList<string> ActiveIn(Period period) =>
        period == SampleCalendar.Early ? [.. All.Where(e => e != Hyperliquid)] : All;

    public static string Symbol(string exchange, string asset) => exchange switch
    {
        "OKX" => asset + "-USDT-SWAP",
        "HTX" => asset + "-USDT",
        "Gate" => asset + "_USDT",
        Hyperliquid => asset,
        _ => asset + "USDT",
    };
}
