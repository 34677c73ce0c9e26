using System.Globalization;
using System.Text;

namespace ReportForge.Reporting.Tests.Fixtures;

/// <summary>Writes a dataset folder in the import format, row by row, so tests load their data the way users do.</summary>
internal sealed class DatasetWriter
{
    private readonly StringBuilder _candles = new("asset,interval,time,open,high,low,close,volume_usd\n");
    private readonly StringBuilder _liquidations = new("time,interval,asset,exchange,side,usd,orders\n");
    private readonly StringBuilder _orders = new("time,exchange,symbol,asset,side,price,quantity,usd\n");
    private readonly StringBuilder _market = new("date,total_market_cap_usd,traders_liquidated\n");
    private readonly StringBuilder _derivatives = new("time,asset,open_interest_usd,funding_rate\n");
    private readonly StringBuilder _catalysts = new("time,title,category,summary,url\n");

    public string Source { get; init; } = "fixture-desk";

    public void Candle(string asset, string interval, DateTime time, double open, double high, double low, double close, double volume) =>
        _candles.Append(CultureInfo.InvariantCulture, $"{asset},{interval},{Time(time)},{N(open)},{N(high)},{N(low)},{N(close)},{N(volume)}\n");

    public void Liquidation(DateTime time, string interval, string asset, string exchange, string side, decimal usd, long? orders) =>
        _liquidations.Append(CultureInfo.InvariantCulture, $"{Time(time)},{interval},{asset},{exchange},{side},{usd.ToString("F2", CultureInfo.InvariantCulture)},{orders?.ToString(CultureInfo.InvariantCulture)}\n");

    public void Order(DateTime time, string exchange, string symbol, string asset, string side, double price, double usd) =>
        _orders.Append(CultureInfo.InvariantCulture, $"{Time(time)},{exchange},{symbol},{asset},{side},{N(price)},{N(usd / price)},{N(usd)}\n");

    public void Market(DateOnly date, double? cap, long? traders) =>
        _market.Append(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd},{(cap is { } c ? N(c) : "")},{traders?.ToString(CultureInfo.InvariantCulture)}\n");

    public void Derivative(DateTime time, string asset, double? openInterest, double? funding) =>
        _derivatives.Append(CultureInfo.InvariantCulture, $"{Time(time)},{asset},{(openInterest is { } o ? N(o) : "")},{(funding is { } f ? f.ToString("0.######", CultureInfo.InvariantCulture) : "")}\n");

    public void Catalyst(DateTime time, string title, string category, string summary) =>
        _catalysts.Append(CultureInfo.InvariantCulture, $"{Time(time)},\"{title}\",{category},\"{summary}\",https://example.org/news/{time:yyyyMMddHH}\n");

    /// <summary>Writes the files; <paramref name="leaveOut"/> names files to leave absent.</summary>
    public void WriteTo(string folder, params string[] leaveOut)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "dataset.json"), $$"""{"source": "{{Source}}", "description": "test fixture", "sample": false}""");
        foreach (var (name, text) in new[]
                 {
                     ("candles.csv", _candles), ("liquidations.csv", _liquidations), ("liquidation_orders.csv", _orders),
                     ("market.csv", _market), ("derivatives.csv", _derivatives), ("catalysts.csv", _catalysts),
                 })
        {
            if (!leaveOut.Contains(name))
            {
                File.WriteAllText(Path.Combine(folder, name), text.ToString(), new UTF8Encoding(false));
            }
        }
    }

    private static string Time(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.########", CultureInfo.InvariantCulture);
}
