using System.Data.Common;
using ReportForge.Data.Import;

namespace ReportForge.Data.Market;

/// <summary>market.csv of the import format.</summary>
public sealed class MarketDayFile : ImportFile<MarketDay, DateOnly>
{
    public override string FileName => "market.csv";
    public override IReadOnlyList<string> Columns { get; } = ["date", "total_market_cap_usd", "traders_liquidated"];

    protected override MarketDay ParseRow(ImportRow row, string source) =>
        new(row.Date("date"), row.OptionalNumber("total_market_cap_usd"), row.OptionalCount("traders_liquidated"), source);

    protected override DateOnly KeyOf(MarketDay record) => record.Date;

    protected override int Store(DbTransaction transaction, IReadOnlyList<MarketDay> records, CancellationToken cancellationToken) =>
        MarketDayStore.Upsert(transaction, records, cancellationToken);
}
