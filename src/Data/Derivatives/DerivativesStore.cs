using System.Data.Common;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Derivatives;

/// <summary>Writes open interest and funding points.</summary>
public static class DerivativesStore
{
    private const string UpsertSql =
        """
        INSERT INTO derivatives (time, asset, open_interest_usd, funding_rate, source)
        VALUES ($time, $asset, $oi, $funding, $source)
        ON CONFLICT (asset, time) DO UPDATE SET
            open_interest_usd = COALESCE(excluded.open_interest_usd, derivatives.open_interest_usd),
            funding_rate = COALESCE(excluded.funding_rate, derivatives.funding_rate),
            source = excluded.source
        WHERE derivatives.open_interest_usd IS NOT COALESCE(excluded.open_interest_usd, derivatives.open_interest_usd)
           OR derivatives.funding_rate IS NOT COALESCE(excluded.funding_rate, derivatives.funding_rate)
           OR derivatives.source IS NOT excluded.source
        """;

    private static readonly string[] Parameters = ["$time", "$asset", "$oi", "$funding", "$source"];

    /// <summary>Inserts new points and fills or changes known ones; returns how many rows changed.</summary>
    public static int Upsert(DbTransaction transaction, IEnumerable<DerivativesPoint> points, CancellationToken cancellationToken) =>
        PreparedBatch.Execute(transaction, UpsertSql, Parameters, points, static (d, p) =>
        {
            p[0].Value = d.Time.ToUnixTimeMilliseconds();
            p[1].Value = d.Asset;
            p[2].Value = PreparedBatch.Nullable(d.OpenInterestUsd);
            p[3].Value = PreparedBatch.Nullable(d.FundingRate);
            p[4].Value = d.Source;
        }, cancellationToken);
}
