using System.Data.Common;
using ReportForge.Data.Import;

namespace ReportForge.Data.Derivatives;

/// <summary>derivatives.csv of the import format.</summary>
public sealed class DerivativesFile : ImportFile<DerivativesPoint, (string, DateTimeOffset)>
{
    // A funding rate beyond ±5 % per 8 h is a unit mistake (percent instead of fraction), not a market.
    private const double MaxFundingRate = 0.05;

    public override string FileName => "derivatives.csv";
    public override IReadOnlyList<string> Columns { get; } = ["time", "asset", "open_interest_usd", "funding_rate"];

    protected override DerivativesPoint ParseRow(ImportRow row, string source)
    {
        var funding = row.OptionalNumber("funding_rate", allowNegative: true);
        if (funding is { } rate && Math.Abs(rate) > MaxFundingRate)
        {
            throw new ImportFieldException("funding_rate", $"{rate} is not a fraction per 8 h; write 0.0001 for 0.01 %");
        }

        return new DerivativesPoint(row.UtcTime("time"), row.RequiredText("asset"), row.OptionalNumber("open_interest_usd"), funding, source);
    }

    protected override (string, DateTimeOffset) KeyOf(DerivativesPoint record) => (record.Asset, record.Time);

    protected override int Store(DbTransaction transaction, IReadOnlyList<DerivativesPoint> records, CancellationToken cancellationToken) =>
        DerivativesStore.Upsert(transaction, records, cancellationToken);
}
