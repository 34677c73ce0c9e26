using System.Data.Common;
using ReportForge.Data.Candles;
using ReportForge.Data.Import;

namespace ReportForge.Data.Liquidations;

/// <summary>liquidations.csv of the import format (aggregated buckets).</summary>
public sealed class LiquidationBucketFile(bool tracked) : ImportFile<LiquidationBucket, (DateTimeOffset, CandleInterval, string, string, LiquidationSide)>
{
    public override string FileName => "liquidations.csv";
    public override IReadOnlyList<string> Columns { get; } = ["time", "interval", "asset", "exchange", "side", "usd", "orders"];

    protected override LiquidationBucket ParseRow(ImportRow row, string source)
    {
        var time = row.UtcTime("time");
        var intervalText = row.RequiredText("interval");
        if (!CandleIntervals.TryParse(intervalText, out var interval))
        {
            throw new ImportFieldException("interval", $"'{intervalText}' is not an interval; use 1h or 1d");
        }

        if (time.ToUnixTimeMilliseconds() % (long)interval.Length().TotalMilliseconds != 0)
        {
            throw new ImportFieldException("time", $"'{time:O}' is not the start of a {intervalText} bucket");
        }

        var sideText = row.RequiredText("side");
        if (!LiquidationSides.TryParse(sideText, out var side))
        {
            throw new ImportFieldException("side", $"'{sideText}' is not a side; use long or short");
        }

        return new LiquidationBucket(time, interval, row.RequiredText("asset"), row.RequiredText("exchange"), side,
            row.Number("usd"), row.OptionalCount("orders"), source, tracked);
    }

    protected override (DateTimeOffset, CandleInterval, string, string, LiquidationSide) KeyOf(LiquidationBucket record) =>
        (record.Time, record.Interval, record.Asset, record.Exchange, record.Side);

    protected override int Store(DbTransaction transaction, IReadOnlyList<LiquidationBucket> records, CancellationToken cancellationToken) =>
        LiquidationStore.UpsertBuckets(transaction, records, cancellationToken);
}
