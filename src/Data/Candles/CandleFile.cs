using System.Data.Common;
using ReportForge.Data.Import;

namespace ReportForge.Data.Candles;

/// <summary>candles.csv of the import format.</summary>
public sealed class CandleFile : ImportFile<Candle, (string Asset, CandleInterval Interval, DateTimeOffset Time)>
{
    public override string FileName => "candles.csv";
    public override IReadOnlyList<string> Columns { get; } = ["asset", "interval", "time", "open", "high", "low", "close", "volume_usd"];

    protected override Candle ParseRow(ImportRow row, string source)
    {
        var asset = row.RequiredText("asset");
        var intervalText = row.RequiredText("interval");
        if (!CandleIntervals.TryParse(intervalText, out var interval))
        {
            throw new ImportFieldException("interval", $"'{intervalText}' is not an interval; use 1h or 1d");
        }

        var time = row.UtcTime("time");
        if (time.ToUnixTimeMilliseconds() % (long)interval.Length().TotalMilliseconds != 0)
        {
            throw new ImportFieldException("time", $"'{time:O}' is not the open time of a {intervalText} bar; it must start on a whole {(interval == CandleInterval.OneHour ? "hour" : "UTC day")}");
        }

        var open = row.Number("open");
        var high = row.Number("high");
        var low = row.Number("low");
        var close = row.Number("close");
        if (low <= 0)
        {
            throw new ImportFieldException("low", "must be above zero");
        }

        if (high < Math.Max(open, close) || high < low)
        {
            throw new ImportFieldException("high", "is below open, close or low; high must be the bar's highest price");
        }

        if (low > Math.Min(open, close))
        {
            throw new ImportFieldException("low", "is above open or close; low must be the bar's lowest price");
        }

        return new Candle(asset, interval, time, open, high, low, close, row.Number("volume_usd"), source);
    }

    protected override (string Asset, CandleInterval Interval, DateTimeOffset Time) KeyOf(Candle record) =>
        (record.Asset, record.Interval, record.Time);

    protected override int Store(DbTransaction transaction, IReadOnlyList<Candle> records, CancellationToken cancellationToken) =>
        CandleStore.Upsert(transaction, records, cancellationToken);
}
