using System.Globalization;

namespace ReportForge.SampleData;

/// <summary>Writes the import-format files; the column lists here are the contract of DESIGN.md "Import format".</summary>
internal static class DatasetWriter
{
    public static readonly string[] CandleColumns = ["asset", "interval", "time", "open", "high", "low", "close", "volume_usd"];
    public static readonly string[] LiquidationColumns = ["time", "interval", "asset", "exchange", "side", "usd", "orders"];
    public static readonly string[] OrderColumns = ["time", "exchange", "symbol", "asset", "side", "price", "quantity", "usd"];
    public static readonly string[] MarketColumns = ["date", "total_market_cap_usd", "traders_liquidated"];
    public static readonly string[] DerivativesColumns = ["time", "asset", "open_interest_usd", "funding_rate"];
    public static readonly string[] CatalystColumns = ["time", "title", "category", "summary", "url"];

    public static void WriteAll(
        string folder,
        CandleBook candles,
        IEnumerable<LiquidationBucket> buckets,
        IEnumerable<LiquidationOrder> orders,
        IEnumerable<MarketDay> market,
        IEnumerable<DerivativesPoint> derivatives,
        IEnumerable<Catalyst> catalysts)
    {
        Directory.CreateDirectory(folder);
        var assetOrder = Assets.Crypto.Select(a => a.Symbol).Append(Assets.Nasdaq100).ToList();
        var candleRows = candles.Daily.Concat(candles.Hourly).Concat(candles.Index)
            .OrderBy(c => assetOrder.IndexOf(c.Asset)).ThenBy(c => c.Interval == "1d" ? 0 : 1).ThenBy(c => c.Time)
            .Select(c =>
            {
                var decimals = c.Asset == Assets.Nasdaq100 ? 2 : Assets.Get(c.Asset).PriceDecimals;
                return (IReadOnlyList<string>)[c.Asset, c.Interval, Iso.Time(c.Time), Num.Fixed(c.Open, decimals), Num.Fixed(c.High, decimals),
                    Num.Fixed(c.Low, decimals), Num.Fixed(c.Close, decimals), Num.Money(c.VolumeUsd)];
            });
        Csv.Write(Path.Combine(folder, "candles.csv"), CandleColumns, candleRows);

        var liquidationRows = buckets
            .OrderBy(b => b.Time).ThenBy(b => b.Interval, StringComparer.Ordinal)
            .ThenBy(b => Assets.LiquidationAssets.ToList().IndexOf(b.Asset)).ThenBy(b => Exchanges.All.ToList().IndexOf(b.Exchange)).ThenBy(b => b.Side)
            .Select(b => (IReadOnlyList<string>)[Iso.Time(b.Time), b.Interval, b.Asset, b.Exchange, SideText(b.Side), Num.Money(b.Usd),
                b.Orders.ToString(CultureInfo.InvariantCulture)]);
        Csv.Write(Path.Combine(folder, "liquidations.csv"), LiquidationColumns, liquidationRows);

        var orderRows = orders.OrderBy(o => o.Time).ThenBy(o => o.Exchange, StringComparer.Ordinal)
            .Select(o =>
            {
                var asset = Assets.Get(o.Asset);
                return (IReadOnlyList<string>)[Iso.Time(o.Time), o.Exchange, o.Symbol, o.Asset, SideText(o.Side),
                    Num.Fixed(o.Price, asset.PriceDecimals), Num.Fixed(o.Quantity, asset.QuantityDecimals), Num.Money(o.Usd)];
            });
        Csv.Write(Path.Combine(folder, "liquidation_orders.csv"), OrderColumns, orderRows);

        Csv.Write(Path.Combine(folder, "market.csv"), MarketColumns, market.Select(m => (IReadOnlyList<string>)
            [Iso.Date(m.Date), Num.Money(m.TotalMarketCapUsd), m.TradersLiquidated?.ToString(CultureInfo.InvariantCulture) ?? ""]));

        Csv.Write(Path.Combine(folder, "derivatives.csv"), DerivativesColumns, derivatives.Select(d => (IReadOnlyList<string>)
            [Iso.Time(d.Time), d.Asset, Num.Money(d.OpenInterestUsd), Num.Fixed(d.FundingRate, 8)]));

        Csv.Write(Path.Combine(folder, "catalysts.csv"), CatalystColumns, catalysts.OrderBy(c => c.Time).Select(c => (IReadOnlyList<string>)
            [Iso.Time(c.Time), c.Title, c.Category, c.Summary, c.Url]));

        // Marks the rows as sample data, so a brief built from them says so.
        File.WriteAllText(Path.Combine(folder, "dataset.json"),
            "{\n  \"source\": \"sample\",\n  \"description\": \"Bundled sample dataset: published figures from five seed articles plus filled-in data; see data/sample/README.md.\",\n  \"sample\": true\n}\n");
    }

    public static string SideText(Side side) => side == Side.Long ? "long" : "short";
}
